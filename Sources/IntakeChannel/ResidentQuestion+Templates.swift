public import IntakeCore

extension TemplateLibrary {
    /// The templates a channel that asks `ResidentQuestion`s must have, in its own folder.
    public static let questionTemplateNames = ["ask-category", "ask-place", "ask-place-again", "answer-category", "answer-place"]

    /// A question in the resident's language: `ask-category` gets `options` ({n, label}) and
    /// `other` (the number for "something else"); `ask-place` gets `place`.
    public func render(_ question: ResidentQuestion, channel: String, language: String) throws -> String {
        switch question.kind {
        case .category:
            let options: [[String: Any]] = question.options.enumerated().map { ["n": $0.offset + 1, "label": $0.element.label] }
            return try render(channel: channel, name: "ask-category", language: language,
                              ["options": options, "other": question.options.count + 1])
        case .place:
            return try render(channel: channel, name: "ask-place", language: language, ["place": question.place?.text ?? ""])
        }
    }
}
