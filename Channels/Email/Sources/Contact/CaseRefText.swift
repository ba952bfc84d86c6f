import IntakeCore

/// Case references in mail: `[TUC-2026-000123]` in a subject, or anywhere in text.
enum CaseRefText {
    static func parse(_ s: String, prefix: String) -> String? {
        guard let ref = CaseReference(parsing: s), ref.prefix == prefix.uppercased() else { return nil }
        return ref.description
    }

    static func first(in text: String, prefix: String) -> String? {
        CaseReference.first(in: text, prefix: prefix)?.description
    }
}
