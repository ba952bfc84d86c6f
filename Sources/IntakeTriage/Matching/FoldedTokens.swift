/// The words of a text for duplicate matching: the triage tokenizer's words (case and accents
/// folded, contractions written out), so that rules, reports and cases are compared in one form.
enum FoldedTokens {
    @inline(__always)
    static func of(_ text: String) -> [String] {
        TriageTokenizer.words(text)
    }
}
