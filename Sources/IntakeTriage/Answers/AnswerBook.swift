public import IntakeCore

/// The city's own answers to residents' questions (`Docker/config/answers.yaml`), as loaded and
/// checked by `AnswerBook(path:)`. Every text is given in English and Spanish.
public struct AnswerBook: Sendable, Equatable {
    /// Text in each language, keyed by BCP 47 tag (`en`, `es`).
    public typealias Localized = [String: String]
    /// Phrases in each language.
    public typealias Phrases = [String: [String]]

    /// One question the city answers.
    public struct Entry: Sendable, Equatable {
        public var id: String
        /// Example phrasings of the question, per language: their words are what a resident's
        /// question is compared with.
        public var questions: Phrases
        /// Words and short phrases that name the subject ("water bill", "recibo del agua").
        public var keywords: Phrases
        public var answer: Localized
        public var link: String?
        /// Answers for one place instead of the city's (trash days by neighbourhood), first match wins.
        public var areas: [AreaAnswer]
        /// Line of the entry in its file, for messages about it.
        public var line: Int

        public init(id: String, questions: Phrases, keywords: Phrases, answer: Localized, link: String? = nil,
                    areas: [AreaAnswer] = [], line: Int = 0) {
            self.id = id
            self.questions = questions
            self.keywords = keywords
            self.answer = answer
            self.link = link
            self.areas = areas
            self.line = line
        }
    }

    /// An answer for contacts the enrich stage placed in one area: every key given must equal what
    /// the geocoder found (compared without case).
    public struct AreaAnswer: Sendable, Equatable {
        public var jurisdiction: String?
        public var neighborhood: String?
        public var ward: String?
        public var answer: Localized

        public init(jurisdiction: String? = nil, neighborhood: String? = nil, ward: String? = nil, answer: Localized) {
            self.jurisdiction = jurisdiction
            self.neighborhood = neighborhood
            self.ward = ward
            self.answer = answer
        }

        func covers(_ geo: GeoResult?) -> Bool {
            func same(_ want: String?, _ found: String?) -> Bool {
                guard let want else { return true }
                guard let found else { return false }
                return want.caseInsensitiveCompare(found) == .orderedSame
            }
            return same(jurisdiction, geo?.jurisdiction) && same(neighborhood, geo?.neighborhood) && same(ward, geo?.ward)
        }
    }

    /// The languages every text must be given in.
    public static let languages = ["en", "es"]
    /// The city's default answers file, relative to the repository root.
    public static let defaultRelativePath = "Docker/config/answers.yaml"

    public var entries: [Entry]
    /// Words that ask ("how do i", "where can i", "qué día"): a contact without them, and without
    /// a question mark, is a question only when an entry answers it and nothing reports a problem.
    public var questionCues: Phrases
    /// Words that report a problem or ask for work ("broken", "fix", "no pasó"): a contact with
    /// them is a service request, however it is phrased.
    public var requestCues: Phrases
    /// What a resident is told when no entry answers with confidence.
    public var staffWillAnswer: Localized
    /// Added before an entry's link ("More: …").
    public var linkLabel: Localized
    /// The least score an entry needs to answer (`min_score`).
    public var minimumScore: Double
    /// How far ahead of the runner-up the best entry must be (`margin`); closer is left to staff.
    public var margin: Double

    public init(entries: [Entry], questionCues: Phrases, requestCues: Phrases, staffWillAnswer: Localized,
                linkLabel: Localized = ["en": "More:", "es": "Más:"], minimumScore: Double = 1.0, margin: Double = 0.25) {
        self.entries = entries
        self.questionCues = questionCues
        self.requestCues = requestCues
        self.staffWillAnswer = staffWillAnswer
        self.linkLabel = linkLabel
        self.minimumScore = minimumScore
        self.margin = margin
    }

    public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

    /// The text a resident is sent for `entryID` (nil: the staff-will-answer text), in `language`
    /// (English when that language is not given), for a contact placed at `geo`.
    public func reply(entryID: String?, language: String, geo: GeoResult?) -> String {
        let lang = Self.languages.contains(language) ? language : "en"
        guard let id = entryID, let e = entry(id) else { return staffWillAnswer[lang] ?? staffWillAnswer["en"] ?? "" }
        let texts = e.areas.first { $0.covers(geo) }?.answer ?? e.answer
        var text = texts[lang] ?? texts["en"] ?? ""
        if let link = e.link { text += " " + (linkLabel[lang] ?? "") + " " + link }
        return text
    }
}
