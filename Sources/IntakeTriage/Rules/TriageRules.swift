public import IntakeCore

/// The triage rules a city edits: categories with their phrases per language, priorities,
/// emergency and social-service phrases, and the duplicate-matching parameters. Decoded from
/// `Docker/config/triage-rules.yaml` (YAML or JSON, snake_case keys); see that file for how each
/// part works.
public struct TriageRules: Sendable, Codable, Equatable {
    public typealias Priority = TriageResult.Priority
    /// Phrases keyed by language tag ("en", "es", …); every language is checked.
    public typealias Phrases = [String: [String]]

    public var version: Int
    public var defaultCategory: String
    public var defaultPriority: Priority
    public var dedup: DedupParameters
    public var emergency: EmergencyRule
    public var referral: ReferralRule
    /// In order: a tie between categories goes to the earlier one.
    public var categories: [CategoryRule]
    /// Who handles a case, by where it is.
    public var routing: RoutingRule?
    /// Words that cancel the emergency words after them.
    public var negation: NegationRule
    /// What phrases mean in some company ("hydrant" near "parked" is parking).
    public var senses: [SenseRule]
    public var typos: TypoRule
    public var review: ReviewRule

    public init(
        version: Int = 1, defaultCategory: String = "other", defaultPriority: Priority = .normal,
        dedup: DedupParameters = .init(), emergency: EmergencyRule, referral: ReferralRule, categories: [CategoryRule],
        negation: NegationRule = .init(), senses: [SenseRule] = [], typos: TypoRule = .init(), review: ReviewRule = .init()
    ) {
        self.negation = negation
        self.senses = senses
        self.typos = typos
        self.review = review
        self.version = version
        self.defaultCategory = defaultCategory
        self.defaultPriority = defaultPriority
        self.dedup = dedup
        self.emergency = emergency
        self.referral = referral
        self.categories = categories
    }

    enum CodingKeys: String, CodingKey {
        case version
        case defaultCategory = "default_category"
        case defaultPriority = "default_priority"
        case dedup, emergency, referral, categories, routing, negation, senses, typos, review
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        defaultCategory = try c.decodeIfPresent(String.self, forKey: .defaultCategory) ?? "other"
        defaultPriority = try c.decodeIfPresent(Priority.self, forKey: .defaultPriority) ?? .normal
        dedup = try c.decodeIfPresent(DedupParameters.self, forKey: .dedup) ?? DedupParameters()
        emergency = try c.decode(EmergencyRule.self, forKey: .emergency)
        referral = try c.decode(ReferralRule.self, forKey: .referral)
        categories = try c.decode([CategoryRule].self, forKey: .categories)
        routing = try c.decodeIfPresent(RoutingRule.self, forKey: .routing)
        negation = try c.decodeIfPresent(NegationRule.self, forKey: .negation) ?? NegationRule()
        senses = try c.decodeIfPresent([SenseRule].self, forKey: .senses) ?? []
        typos = try c.decodeIfPresent(TypoRule.self, forKey: .typos) ?? TypoRule()
        review = try c.decodeIfPresent(ReviewRule.self, forKey: .review) ?? ReviewRule()
    }

    /// Inside the home jurisdiction a case goes to its category's department; elsewhere to the
    /// jurisdiction that serves the place.
    public struct RoutingRule: Sendable, Codable, Equatable {
        /// The jurisdiction this 311 centre serves directly ("City of Tucson").
        public var home: String
        /// Jurisdiction → who receives its cases ("Oro Valley" → "Town of Oro Valley").
        public var elsewhere: [String: String]
        /// For a case with no known place.
        public var unlocated: String?

        public init(home: String, elsewhere: [String: String] = [:], unlocated: String? = nil) {
            self.home = home
            self.elsewhere = elsewhere
            self.unlocated = unlocated
        }
    }

    /// One kind of problem.
    public struct CategoryRule: Sendable, Codable, Equatable {
        public var id: String
        public var label: String?
        public var priority: Priority?
        /// Duplicate search radius for this category, metres (else `dedup.radius_m`).
        public var radiusM: Double?
        /// Duplicate search window for this category, days (else `dedup.window_days`).
        public var windowDays: Double?
        /// The city department that handles the category.
        public var department: String?
        public var phrases: Phrases
        /// The label in other languages, as residents are asked ("es": "Bache"); `label` is the
        /// English one.
        public var labels: [String: String]

        public init(id: String, label: String? = nil, priority: Priority? = nil, radiusM: Double? = nil, windowDays: Double? = nil,
                    department: String? = nil, phrases: Phrases, labels: [String: String] = [:]) {
            self.labels = labels
            self.id = id
            self.label = label
            self.priority = priority
            self.radiusM = radiusM
            self.windowDays = windowDays
            self.department = department
            self.phrases = phrases
        }

        enum CodingKeys: String, CodingKey {
            case id, label, priority
            case radiusM = "radius_m"
            case windowDays = "window_days"
            case department, phrases, labels
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            label = try c.decodeIfPresent(String.self, forKey: .label)
            priority = try c.decodeIfPresent(Priority.self, forKey: .priority)
            radiusM = try c.decodeIfPresent(Double.self, forKey: .radiusM)
            windowDays = try c.decodeIfPresent(Double.self, forKey: .windowDays)
            department = try c.decodeIfPresent(String.self, forKey: .department)
            phrases = try c.decodeIfPresent(Phrases.self, forKey: .phrases) ?? [:]
            labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        }

        /// The label a resident reading `language` is shown: that language's, else the English one,
        /// else the id with spaces.
        public func label(in language: String) -> String {
            let primary = language.split(separator: "-").first.map(String.init)?.lowercased() ?? language
            return labels[primary] ?? label ?? id.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// Words that make a contact an emergency (escalated at once) or a possible one (escalated
    /// for a person at the 911 centre to review).
    public struct EmergencyRule: Sendable, Codable, Equatable {
        public var phrases: Phrases
        /// The weaker tier: an injury word, "help", a child alone, smoke, a threat.
        public var possible: Phrases
        /// Phrases that cancel the emergency phrases inside them ("fire hydrant").
        public var ignore: [String]

        public init(phrases: Phrases, possible: Phrases = [:], ignore: [String] = []) {
            self.phrases = phrases
            self.possible = possible
            self.ignore = ignore
        }

        enum CodingKeys: String, CodingKey { case phrases, possible, ignore }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            phrases = try c.decode(Phrases.self, forKey: .phrases)
            possible = try c.decodeIfPresent(Phrases.self, forKey: .possible) ?? [:]
            ignore = try c.decodeIfPresent([String].self, forKey: .ignore) ?? []
        }
    }

    /// Social-service needs and who they are referred to.
    public struct ReferralRule: Sendable, Codable, Equatable {
        public struct Need: Sendable, Codable, Equatable {
            public var id: String
            public var phrases: Phrases

            public init(id: String, phrases: Phrases) {
                self.id = id
                self.phrases = phrases
            }
        }

        /// "Community Safety, Health & Wellness".
        public var to: String
        /// The category of a referral that matched no other category.
        public var category: String
        /// The least priority of a referral.
        public var priority: Priority
        public var needs: [Need]

        public init(to: String, category: String = "social_services", priority: Priority = .high, needs: [Need]) {
            self.to = to
            self.category = category
            self.priority = priority
            self.needs = needs
        }

        enum CodingKeys: String, CodingKey { case to, category, priority, needs }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            to = try c.decode(String.self, forKey: .to)
            category = try c.decodeIfPresent(String.self, forKey: .category) ?? "social_services"
            priority = try c.decodeIfPresent(Priority.self, forKey: .priority) ?? .high
            needs = try c.decode([Need].self, forKey: .needs)
        }
    }
}

/// The rules file's `dedup` section: every key is optional and defaults to `DedupParameters()`.
extension DedupParameters: Codable {
    enum CodingKeys: String, CodingKey {
        case radiusM = "radius_m"
        case windowDays = "window_days"
        case confidentSimilarity = "confident_similarity"
        case unsureSimilarity = "unsure_similarity"
        case textWeight = "text_weight"
        case emptyTextSimilarity = "empty_text_similarity"
        case samePointM = "same_point_m"
        case samePointBonus = "same_point_bonus"
        case contrasts
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        radiusM = try c.decodeIfPresent(Double.self, forKey: .radiusM) ?? radiusM
        windowDays = try c.decodeIfPresent(Double.self, forKey: .windowDays) ?? windowDays
        confidentSimilarity = try c.decodeIfPresent(Double.self, forKey: .confidentSimilarity) ?? confidentSimilarity
        unsureSimilarity = try c.decodeIfPresent(Double.self, forKey: .unsureSimilarity) ?? unsureSimilarity
        textWeight = try c.decodeIfPresent(Double.self, forKey: .textWeight) ?? textWeight
        emptyTextSimilarity = try c.decodeIfPresent(Double.self, forKey: .emptyTextSimilarity) ?? emptyTextSimilarity
        samePointM = try c.decodeIfPresent(Double.self, forKey: .samePointM) ?? samePointM
        samePointBonus = try c.decodeIfPresent(Double.self, forKey: .samePointBonus) ?? samePointBonus
        contrasts = try c.decodeIfPresent([[String]].self, forKey: .contrasts)?.map { $0.flatMap(TriageTokenizer.words) } ?? contrasts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(radiusM, forKey: .radiusM)
        try c.encode(windowDays, forKey: .windowDays)
        try c.encode(confidentSimilarity, forKey: .confidentSimilarity)
        try c.encode(unsureSimilarity, forKey: .unsureSimilarity)
        try c.encode(textWeight, forKey: .textWeight)
        try c.encode(emptyTextSimilarity, forKey: .emptyTextSimilarity)
        try c.encode(samePointM, forKey: .samePointM)
        try c.encode(samePointBonus, forKey: .samePointBonus)
        try c.encode(contrasts, forKey: .contrasts)
    }
}
