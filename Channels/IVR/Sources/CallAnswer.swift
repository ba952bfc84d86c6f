import Foundation

/// What a `<Gather>` (or a redirect after one) brought back: speech, keys, or nothing.
public struct CallAnswer: Sendable, Equatable {
    /// `SpeechResult`, trimmed; nil when empty.
    public var speech: String?
    /// `Confidence` of the speech (0…1).
    public var confidence: Double?
    /// `Digits` without the `#` that ends them; nil when empty.
    public var digits: String?

    public init(speech: String? = nil, confidence: Double? = nil, digits: String? = nil) {
        let s = speech?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.speech = (s?.isEmpty ?? true) ? nil : s
        self.confidence = confidence
        let d = digits?.filter { $0 != "#" }
        self.digits = (d?.isEmpty ?? true) ? nil : d
    }

    public static let none = CallAnswer()

    public var isEmpty: Bool { speech == nil && digits == nil }
}
