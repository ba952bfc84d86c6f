/// One labelled text: a past case's words and the category it was filed under.
public struct TrainingExample: Sendable, Equatable {
    public var text: String
    public var category: String
    /// The line of the CSV file the row starts on (1 is the header); 0 when not read from a file.
    public var line: Int

    public init(text: String, category: String, line: Int = 0) {
        self.text = text
        self.category = category
        self.line = line
    }
}
