/// Something only the resident can settle about their new case, carried on its receipt: which
/// problem it is when triage is unsure, or whether the place the geocoder did not trust is the
/// right one. A channel that holds a conversation (SMS) asks it; elsewhere a person decides.
public struct ResidentQuestion: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// "Reply 1 for pothole, 2 for streetlight, 3 for something else".
        case category
        /// "Did you mean 220 E 5th St? Reply YES or send the address again".
        case place
    }

    /// A category the resident may pick, labelled in the contact's language.
    public struct Option: Sendable, Equatable {
        public var id: String
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    public var kind: Kind
    /// For `category`: the candidates, best first (the last choice, "something else", is implied).
    public var options: [Option]
    /// For `category`: the last choice, "something else", and the category it files the case under.
    public var other: Option?
    /// For `place`: the geocoder's best guess.
    public var place: GeoCandidate?

    public init(kind: Kind, options: [Option] = [], other: Option? = nil, place: GeoCandidate? = nil) {
        self.kind = kind
        self.options = options
        self.other = other
        self.place = place
    }

    public static func category(_ options: [Option], other: Option) -> ResidentQuestion {
        ResidentQuestion(kind: .category, options: options, other: other)
    }

    public static func place(_ candidate: GeoCandidate) -> ResidentQuestion {
        ResidentQuestion(kind: .place, place: candidate)
    }
}

/// The resident's answer to a `ResidentQuestion`, carried by the contact that gave it (which names
/// the case in `case_ref`) as `channel_data.answer`: the enrich stage and the writer apply it.
public enum ResidentAnswer: Sendable, Equatable {
    /// The resident chose this category (the "something else" choice included).
    case category(String)
    /// The resident confirmed the place asked about, or sent another address: either way the
    /// contact's `location` holds it, and the case takes the place if it is found.
    case place

    public static let channelDataKey = "answer"

    public var json: JSONValue {
        switch self {
        case .category(let id): .object(["question": .string("category"), "category": .string(id)])
        case .place: .object(["question": .string("place")])
        }
    }

    public init?(json: JSONValue?) {
        guard case .object(let o)? = json, let question = o["question"]?.stringValue else { return nil }
        switch question {
        case "category":
            guard let id = o["category"]?.stringValue, !id.isEmpty else { return nil }
            self = .category(id)
        case "place":
            self = .place
        default:
            return nil
        }
    }
}

extension ContactEnvelope {
    /// `channel_data` key a channel sets to `true` when a person must look at the contact whatever
    /// triage makes of it (a letter Tesseract read with low confidence): the case is `needs_review`.
    public static let needsReviewKey = "needs_review"

    /// The answer this contact gives to a question about its case, if it is one.
    public var residentAnswer: ResidentAnswer? {
        get { ResidentAnswer(json: channelData[ResidentAnswer.channelDataKey]) }
        set { channelData[ResidentAnswer.channelDataKey] = newValue?.json }
    }
}
