import Foundation

/// The Message-ID of an answer the centre sends names its case, so that a reply (In-Reply-To,
/// References) finds the case without any lookup: `<intake311.TUC-2026-000123.9f3a…@domain>`.
public enum AnswerMessageID {
    static let marker = "intake311."

    public static func make(caseRef: String?, domain: String) -> String {
        let random = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "\(marker)\(caseRef ?? "none").\(random)@\(domain)"
    }

    /// The case named by one of our answers among `ids`, the nearest first.
    public static func caseRef(in ids: [String], prefix: String) -> String? {
        for id in ids.reversed() {
            guard id.lowercased().hasPrefix(marker) else { continue }
            let rest = id.dropFirst(marker.count)
            guard let dot = rest.firstIndex(of: ".") else { continue }
            if let ref = CaseRefText.parse(String(rest[..<dot]), prefix: prefix) { return ref }
        }
        return nil
    }
}
