/// A contact after the enrich stage: schema `intake.enriched/1`, published on `enriched/{channel}`.
///
/// It carries every field of the contact at the top level, as the contact had them, and adds the
/// `geo`, `triage` and `dedup` objects.
public struct EnrichedContact: Sendable, Equatable {
    public static let schemaName = "intake.enriched/1"

    public var contact: ContactEnvelope
    public var geo: GeoResult?
    public var triage: TriageResult?
    public var dedup: DedupVerdict
    /// The surge this report joined (`SurgeMark`), when enrich found one under way in its area.
    public var surge: SurgeMark? = nil
    /// Set when the contact is a question (kind `inquiry`): what it was answered. See `InquiryVerdict`.
    public var inquiry: InquiryVerdict?

    public init(contact: ContactEnvelope, geo: GeoResult? = nil, triage: TriageResult? = nil, dedup: DedupVerdict,
                inquiry: InquiryVerdict? = nil) {
        self.contact = contact
        self.geo = geo
        self.triage = triage
        self.dedup = dedup
        self.inquiry = inquiry
    }
}

/// Where the enrich stage placed the contact.
public struct GeoResult: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        /// An address point matched the resident's text.
        case address
        /// Two street names matched a crossing.
        case intersection
        /// Only a ZIP code was recognised; the point is its centroid.
        case zipCentroid = "zip_centroid"
        /// The resident's device gave coordinates; they pass through.
        case coordinates
        /// A remote geocoder (Nominatim, Pelias) answered.
        case remote
        /// Nothing matched.
        case unmatched
    }
    public var method: Method
    public var lat: Double?
    public var lon: Double?
    /// The gazetteer's own spelling of what matched.
    public var matched: String?
    /// 0 (a guess) … 1 (exact).
    public var confidence: Double
    /// `City of Tucson`, `South Tucson`, `Unincorporated Pima County`, `Outside Pima County` …
    public var jurisdiction: String?
    public var ward: String?
    public var neighborhood: String?
    /// The geocoder's best guess when it was not confident enough to place the contact (the
    /// method is then `unmatched`, or `zip_centroid` when the text gave a ZIP): kept so that
    /// someone can ask the resident "Did you mean …?".
    public var candidate: GeoCandidate?

    public init(
        method: Method, lat: Double? = nil, lon: Double? = nil, matched: String? = nil,
        confidence: Double, jurisdiction: String? = nil, ward: String? = nil, neighborhood: String? = nil,
        candidate: GeoCandidate? = nil
    ) {
        self.method = method
        self.lat = lat
        self.lon = lon
        self.matched = matched
        self.confidence = confidence
        self.jurisdiction = jurisdiction
        self.ward = ward
        self.neighborhood = neighborhood
        self.candidate = candidate
    }
}

/// A place the geocoder found but did not trust: below its acceptance threshold.
public struct GeoCandidate: Sendable, Equatable {
    /// The gazetteer's own spelling ("220 E 5th St, Tucson 85701"): what to ask the resident about.
    public var text: String
    public var lat: Double
    public var lon: Double
    /// The calibrated confidence of the guess, below the acceptance threshold.
    public var confidence: Double

    public init(text: String, lat: Double, lon: Double, confidence: Double) {
        self.text = text
        self.lat = lat
        self.lon = lon
        self.confidence = confidence
    }
}

/// What kind of problem the contact reports and how urgent it is.
public struct TriageResult: Sendable, Equatable {
    /// `Codable` for the triage rules file, which names priorities.
    public enum Priority: String, Codable, Sendable, Comparable, CaseIterable {
        case low, normal, high, emergency

        private var rank: Int {
            switch self {
            case .low: 0
            case .normal: 1
            case .high: 2
            case .emergency: 3
            }
        }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }
    /// How strongly the words speak of an emergency.
    public enum EmergencyTier: String, Sendable, CaseIterable {
        /// Escalated to 911 at once.
        case emergency
        /// A weaker signal (an injury word, "help", smoke, a threat): escalated for a person at
        /// the 911 centre to review.
        case possible
    }

    /// A category the words point to, with its share of the matched phrase weight (0…1).
    public struct Candidate: Sendable, Equatable {
        public var category: String
        public var score: Double

        public init(category: String, score: Double) {
            self.category = category
            self.score = score
        }
    }

    /// The best candidate, or the default category when nothing matched; `needsReview` says
    /// whether it can be trusted.
    public var category: String
    public var priority: Priority
    /// Escalated as an emergency: `emergencyTier == .emergency`.
    public var emergency: Bool
    public var emergencyTier: EmergencyTier?
    /// Set for social-service needs: who the case is referred to.
    public var referral: String?
    /// Who handles the case: the department for the category inside the city, or the
    /// jurisdiction that serves the place outside it.
    public var routedTo: String?
    /// The rule phrases that decided it, for the operator's eyes.
    public var matched: [String]
    /// No category is confident (nothing matched, or the runner-up is close): a person (or the
    /// resident) chooses among `candidates`.
    public var needsReview: Bool
    /// When `needsReview`: the best categories, best first (at most three by default); empty
    /// when the category is confident or nothing matched.
    public var candidates: [Candidate]

    public init(category: String, priority: Priority, emergency: Bool = false, referral: String? = nil,
                routedTo: String? = nil, matched: [String] = [], emergencyTier: EmergencyTier? = nil,
                needsReview: Bool = false, candidates: [Candidate] = []) {
        self.category = category
        self.priority = priority
        self.emergency = emergency || emergencyTier == .emergency
        self.emergencyTier = emergencyTier ?? (emergency ? .emergency : nil)
        self.referral = referral
        self.routedTo = routedTo
        self.matched = matched
        self.needsReview = needsReview
        self.candidates = candidates
    }
}

/// The enrich stage's verdict on whether this contact is new.
public struct DedupVerdict: Sendable, Equatable {
    public enum Verdict: String, Sendable, CaseIterable {
        /// Nothing like it seen: a new case.
        case new
        /// The same provider message seen before (a retry or a republish). The writer's own
        /// idempotency decides what, if anything, is still to be written.
        case exactDuplicate = "exact_duplicate"
        /// Confidently the same problem as an open case: link to it.
        case linked
        /// Perhaps the same problem: a new case flagged as a possible duplicate.
        case possibleDuplicate = "possible_duplicate"
    }
    public var verdict: Verdict
    public var caseRef: String?
    public var similarity: Double?
    public var distanceM: Double?
    /// For an exact duplicate: the verdict the first sighting got, so that the writer, if it never
    /// saw the first, stores the repeat the same way.
    public var firstVerdict: Verdict?

    public init(verdict: Verdict, caseRef: String? = nil, similarity: Double? = nil, distanceM: Double? = nil, firstVerdict: Verdict? = nil) {
        self.verdict = verdict
        self.caseRef = caseRef
        self.similarity = similarity
        self.distanceM = distanceM
        self.firstVerdict = firstVerdict
    }

    /// What the writer acts on: the first sighting's verdict for an exact duplicate.
    public var effectiveVerdict: Verdict {
        verdict == .exactDuplicate ? (firstVerdict ?? .new) : verdict
    }
}
