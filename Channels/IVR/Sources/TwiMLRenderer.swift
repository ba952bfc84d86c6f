public import IntakeChannel
public import TwilioSupport

/// Turns the flow's lines into TwiML: prompts from `Templates/ivr/`, routes as absolute URLs under
/// `INTAKE_PUBLIC_URL` (the URL Twilio calls, and signs).
public struct TwiMLRenderer: Sendable {
    static let templateChannel = "ivr"

    let templates: TemplateLibrary
    let publicURL: String

    public init(templates: TemplateLibrary, publicURL: String) {
        self.templates = templates
        self.publicURL = publicURL
    }

    /// `en-US` or `es-MX`: the voice `<Say>` speaks with and the language `<Gather>` listens for.
    public static func voice(_ language: String) -> String {
        language == "es" ? "es-MX" : "en-US"
    }

    public func url(_ route: VoiceRoute) -> String { publicURL + route.path }

    public func render(_ lines: [VoiceLine]) throws -> TwiML {
        TwiML(try lines.map(verb))
    }

    func verb(_ line: VoiceLine) throws -> TwiML.Verb {
        switch line {
        case .say(let prompt):
            return try say(prompt)
        case .gather(let g):
            var a = [TwiML.Attribute("input", g.input.rawValue), TwiML.Attribute("action", url(g.route)),
                     TwiML.Attribute("method", "POST"), TwiML.Attribute("actionOnEmptyResult", "true")]
            if let n = g.numDigits { a.append(.init("numDigits", String(n))) }
            if g.input == .dtmf {
                a.append(.init("timeout", "5"))
            } else {
                a += [.init("timeout", "6"), .init("speechTimeout", "auto"), .init("language", Self.voice(g.language))]
                if !g.hints.isEmpty { a.append(.init("hints", g.hints.joined(separator: ", "))) }
            }
            return .gather(attributes: a, children: try g.prompts.map(say))
        case let .dial(number, route):
            return .dial(number: number, attributes: [.init("action", url(route)), .init("method", "POST")])
        case .record(let r):
            var a = [TwiML.Attribute("action", url(r.route)), .init("method", "POST"),
                     .init("maxLength", String(r.maxLengthSeconds)), .init("finishOnKey", "#"), .init("playBeep", "true"),
                     .init("timeout", "5"),
                     .init("recordingStatusCallback", url(.recording)), .init("recordingStatusCallbackMethod", "POST"),
                     .init("recordingStatusCallbackEvent", "completed absent"),
                     .init("transcribe", r.transcribe ? "true" : "false")]
            if r.transcribe { a.append(.init("transcribeCallback", url(.transcription))) }
            return .record(attributes: a)
        case .redirect(let route):
            return .redirect(url: url(route), method: "POST")
        case .hangup:
            return .hangup
        }
    }

    func say(_ p: Prompt) throws -> TwiML.Verb {
        var values: [String: Any] = [:]
        for (k, v) in p.values {
            switch v {
            case .text(let t): values[k] = t
            case .flag(let f): values[k] = f
            }
        }
        let text = try templates.render(channel: Self.templateChannel, name: p.name, language: p.language, values)
        return .say(text, language: Self.voice(p.language))
    }
}
