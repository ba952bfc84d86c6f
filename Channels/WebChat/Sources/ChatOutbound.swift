import Foundation

/// What the chat sends to the page, as one JSON text frame.
struct ChatOutbound: Sendable, Equatable {
    enum Kind: String, Sendable {
        /// The conversation is (re)opened: carries the token and the step.
        case welcome
        /// A message of the chat's, with the step it asks for.
        case say
        /// The case reference of the filed report.
        case reference
        /// The answer to "check a reference".
        case status
        /// The answer to a question the resident asked (from the city's answers file, or that a
        /// person will answer): no case, no reference.
        case answer
        /// A refused frame, with its code.
        case error
    }

    var kind: Kind
    var text: String
    var step: String?
    var ref: String?
    var token: String?
    var code: String?
    /// For a question: the choices the page shows as buttons (their values are what is sent back).
    var choices: [Choice] = []
    /// On a welcome: the largest photo taken, so the page can refuse a larger one before sending it.
    var maxPhotoBytes: Int?
    /// Set on the last frame answering one of the page's frames: the page then forgets that frame
    /// (until then it sends it again after a reconnect).
    var last = false

    struct Choice: Sendable, Equatable {
        var value: String
        var label: String
    }

    func json() -> String {
        var o: [String: Any] = ["type": kind.rawValue, "text": text]
        if let step { o["step"] = step }
        if let ref { o["ref"] = ref }
        if let token { o["token"] = token }
        if let code { o["code"] = code }
        if let maxPhotoBytes { o["max_photo_bytes"] = maxPhotoBytes }
        if last { o["last"] = true }
        if !choices.isEmpty { o["choices"] = choices.map { ["value": $0.value, "label": $0.label] } }
        let data = (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
