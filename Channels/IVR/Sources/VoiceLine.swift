/// What the call flow says and asks, before it is TwiML: prompts are named templates, actions are
/// routes. `TwiMLRenderer` turns these into verbs.
public enum VoiceLine: Sendable, Equatable {
    case say(Prompt)
    case gather(GatherSpec)
    /// Transfers the call; `route` hears how the transfer ended.
    case dial(number: String, route: VoiceRoute)
    case record(RecordSpec)
    case redirect(VoiceRoute)
    case hangup
}

/// A message from `Templates/ivr/<name>.<language>.mustache`.
public struct Prompt: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case flag(Bool)
    }

    public var name: String
    /// `en` or `es`.
    public var language: String
    public var values: [String: Value]

    public init(_ name: String, _ language: String, _ values: [String: Value] = [:]) {
        self.name = name
        self.language = language
        self.values = values
    }
}

/// A `<Gather>`: what it listens for, where the answer goes, what is said meanwhile.
public struct GatherSpec: Sendable, Equatable {
    public enum Input: String, Sendable {
        case dtmf
        case speech
        case speechAndDTMF = "speech dtmf"
    }

    public var input: Input
    public var route: VoiceRoute
    /// Keys that end the gather at once; nil lets `#` or silence end it.
    public var numDigits: Int?
    /// The language speech is recognized in (`en` or `es`).
    public var language: String
    public var prompts: [Prompt]
    /// Words the recognizer should expect ("yes", "sí").
    public var hints: [String]

    public init(input: Input, route: VoiceRoute, numDigits: Int? = nil, language: String, prompts: [Prompt], hints: [String] = []) {
        self.input = input
        self.route = route
        self.numDigits = numDigits
        self.language = language
        self.prompts = prompts
        self.hints = hints
    }
}

/// A `<Record>` for the voice message, with its callbacks.
public struct RecordSpec: Sendable, Equatable {
    public var route: VoiceRoute
    public var maxLengthSeconds: Int
    /// Twilio transcribes English only.
    public var transcribe: Bool

    public init(route: VoiceRoute, maxLengthSeconds: Int, transcribe: Bool) {
        self.route = route
        self.maxLengthSeconds = maxLengthSeconds
        self.transcribe = transcribe
    }
}
