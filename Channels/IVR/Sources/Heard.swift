/// Something the caller said (or keyed in), with the recognizer's confidence.
public struct Heard: Codable, Sendable, Equatable {
    public var text: String
    /// Twilio's `Confidence` (0…1); nil when it sent none. Keyed-in digits are certain (1).
    public var confidence: Double?

    public init(text: String, confidence: Double?) {
        self.text = text
        self.confidence = confidence
    }

    /// The more confident of two guesses (the newer one on a tie, as the caller may have spoken more clearly).
    public static func better(_ a: Heard?, _ b: Heard) -> Heard {
        guard let a else { return b }
        return (a.confidence ?? 0) > (b.confidence ?? 0) ? a : b
    }
}
