/// The names residents read for the triage categories (`TriageEngine` conforms): what a channel
/// says when it tells a case's status.
public protocol CategoryLabels: Sendable {
    /// The label of `category` in `language`, or nil for a category the rules do not know.
    func label(of category: String, language: String) -> String?
}
