import IntakeLocate

/// The one tokenizer of triage and duplicate matching: the geocoder's folding (lowercase, accents
/// off, whole words), so that rules, reports and cases are compared in one form.
enum FoldedTokens {
    @inline(__always)
    static func of(_ text: String) -> [String] {
        FoldedText.tokens(text).filter { $0 != "&" && $0 != "@" && $0 != "/" }
    }
}
