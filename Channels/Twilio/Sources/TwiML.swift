/// TwiML, the XML a Twilio webhook answers with. Text is always escaped.
public struct TwiML: Sendable, Equatable {
    public indirect enum Verb: Sendable, Equatable {
        /// An SMS back to the sender.
        case message(String)
        /// Speech, in a language such as `en-US` or `es-MX`.
        case say(String, language: String)
        /// Collects speech or keypad input and posts it to `action`; the nested verbs are spoken meanwhile.
        case gather(attributes: [Attribute], children: [Verb])
        /// Transfers the call.
        case dial(number: String, attributes: [Attribute])
        /// Records a voicemail.
        case record(attributes: [Attribute])
        case redirect(url: String, method: String)
        case pause(seconds: Int)
        case hangup
    }

    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var verbs: [Verb]

    public init(_ verbs: [Verb]) {
        self.verbs = verbs
    }

    public static let contentType = "application/xml; charset=utf-8"

    public func render() -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8"?><Response>"#
        for v in verbs { Self.render(v, into: &out) }
        return out + "</Response>"
    }

    private static func render(_ verb: Verb, into out: inout String) {
        switch verb {
        case .message(let text):
            out += "<Message>\(escape(text))</Message>"
        case let .say(text, language):
            out += #"<Say language="\#(escape(language))">\#(escape(text))</Say>"#
        case let .gather(attributes, children):
            out += "<Gather\(render(attributes))>"
            for c in children { render(c, into: &out) }
            out += "</Gather>"
        case let .dial(number, attributes):
            out += "<Dial\(render(attributes))>\(escape(number))</Dial>"
        case .record(let attributes):
            out += "<Record\(render(attributes))/>"
        case let .redirect(url, method):
            out += #"<Redirect method="\#(escape(method))">\#(escape(url))</Redirect>"#
        case .pause(let seconds):
            out += #"<Pause length="\#(seconds)"/>"#
        case .hangup:
            out += "<Hangup/>"
        }
    }

    private static func render(_ attributes: [Attribute]) -> String {
        attributes.map { #" \#($0.name)="\#(escape($0.value))""# }.joined()
    }

    public static func escape(_ s: String) -> String {
        // Most replies need nothing escaped or dropped: hand the string back as it is.
        if !s.utf8.contains(where: { b in
            b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"")
                || b == UInt8(ascii: "'") || (b < 0x20 && b != 0x0A && b != 0x0D && b != 0x09)
        }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters even escaped; drop them.
                if ch.value < 0x20 && ch != "\n" && ch != "\r" && ch != "\t" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
