import IntakeCore
import IntakeTriage
import Testing

/// Negation, senses, tiers and the review state, on the shipped rules file and on small rules
/// written here, with messages written for these tests.
@Suite("Triage reads words in context")
struct WordJudgementTests {
    static let small = """
    negation: {window: 3}
    emergency:
      phrases: {en: [fire, not breathing, overdose, trapped], es: [incendio, no respira, herido]}
      possible: {en: [hurt, smoke], es: [humo]}
      ignore: [fire hydrant]
    referral: {to: Helpers, needs: []}
    senses:
      - phrase: hydrant
        with: [parked, blocking]
        window: 6
        means: parking
    categories:
      - id: water_leak
        phrases: {en: [hydrant, leak], es: [fuga]}
      - id: parking
        phrases: {en: [blocking my driveway]}
      - id: abandoned_vehicle
        phrases: {en: [no plates, abandoned car], es: [sin placas]}
      - id: streetlight
        phrases: {en: [streetlight, light out]}
      - id: other
        phrases: {}
    """
    static let engine = try! TriageEngine(rules: TriageRules(yaml: small))

    @Test(arguments: [
        // Stems and contractions reach other forms of the phrase's words.
        ("my brother overdosed", true),
        ("she is overdosing right now", true),
        ("a kid got trapped in the elevator", true),
        ("he isn't breathing", true),
        ("he's not breathing!!", true),
        ("the garage is on fire", true),
        ("hay un incendio", true),
        ("mi papá no respira", true),
        ("hay dos heridos", true),
        // Negation in reach cancels the emergency words.
        ("not on fire, just an old couch", false),
        ("nobody trapped, the car is empty", false),
        ("the fire hydrant is open", false),
        ("nadie salió herido", false),
        ("ningún herido, gracias a Dios", false),
        ("sin heridos", false),
    ])
    func emergencies(_ text: String, _ escalated: Bool) {
        let r = Self.engine.classify(text)
        #expect(r.emergency == escalated, "\(text) → \(r.matched)")
        #expect((r.emergencyTier == .emergency) == escalated)
    }

    @Test(arguments: [
        // Past the window (three words), or past punctuation or a clause word, negation stops.
        ("no one was home and the house is on fire", true),
        ("no answer at the door. fire in the kitchen", true),
        ("there is no water but there is a fire", true),
        ("no idea why, someone is trapped", true),
        ("no sé qué pasó pero hay un herido", true),
        ("never saw anything like it, the whole garage is on fire", true),
        // Within it, the emergency word is cancelled.
        ("never was on fire", false),
        ("no one got hurt or trapped", true),  // "or" ends the reach: "trapped" counts
    ])
    func negationWindows(_ text: String, _ escalated: Bool) {
        #expect(Self.engine.classify(text).emergency == escalated, "\(text)")
    }

    @Test(arguments: [
        ("does not have plates", "abandoned_vehicle"),
        ("the car has no plates", "abandoned_vehicle"),
        ("car without plates on my street", "abandoned_vehicle"),
        ("carro sin placas", "abandoned_vehicle"),
        ("it has plates and a flat tire", "other"),
        ("the streetlight is not working", "streetlight"),
    ])
    func negatedCategoryPhrases(_ text: String, _ category: String) {
        #expect(Self.engine.classify(text).category == category, "\(text)")
    }

    @Test(arguments: [
        ("a truck is parked in front of the fire hydrant", "parking"),
        ("someone blocking the hydrant again", "parking"),
        ("the hydrant on my corner is leaking", "water_leak"),
        ("fire hydrant leak", "water_leak"),
    ])
    func sensesByContext(_ text: String, _ category: String) {
        let r = Self.engine.classify(text)
        #expect(r.category == category, "\(text) → \(r.matched)")
        #expect(!r.emergency)
    }

    @Test(arguments: [
        ("my son got hurt on the broken swing", TriageResult.EmergencyTier.possible),
        ("I smell smoke somewhere", .possible),
        ("sale humo de la casa", .possible),
        ("smoke and fire in the garage", .emergency),
        ("nobody hurt", nil),
        ("streetlight out", nil),
    ])
    func twoTiers(_ text: String, _ tier: TriageResult.EmergencyTier?) {
        let r = Self.engine.classify(text)
        #expect(r.emergencyTier == tier, "\(text)")
        #expect(r.emergency == (tier == .emergency))
        switch tier {
        case .emergency: #expect(r.priority == .emergency)
        case .possible: #expect(r.priority == .high)
        case nil: #expect(r.priority < .high)
        }
        #expect(Self.engine.emergencyTier(of: text)?.tier == tier)
        #expect(Self.engine.emergencyMatch(in: text)?.tier == tier)
    }

    @Test func nothingMatchedNeedsReviewUnderTheDefaultCategory() {
        let r = Self.engine.classify("the bus shelter glass is cracked")
        #expect(r.needsReview)
        #expect(r.category == "other")
        #expect(r.candidates.isEmpty)
    }

    @Test func aCloseRunnerUpNeedsReviewWithItsCandidates() {
        let r = Self.engine.classify("streetlight knocked into the hydrant")
        #expect(r.needsReview)
        #expect(r.category == "water_leak", "the tie goes to the category listed first")
        #expect(r.candidates.map(\.category) == ["water_leak", "streetlight"])
        #expect(r.candidates.map(\.score) == [0.5, 0.5], "shares of the matched words")
    }

    @Test func aClearWinnerIsConfident() {
        let r = Self.engine.classify("abandoned car, no plates, by the streetlight")
        #expect(!r.needsReview)
        #expect(r.category == "abandoned_vehicle")
        #expect(r.candidates.isEmpty, "no choice to make")
    }

    @Test func typosInLongWordsOnly() throws {
        let engine = try TriageEngine(rules: TriageRules(yaml: """
        emergency: {phrases: {en: [unconscious, fire]}}
        referral: {to: X, needs: []}
        typos: {exempt: [mattrass]}
        categories:
          - id: illegal_dumping
            phrases: {en: [mattress]}
          - id: other
            phrases: {}
        """))
        #expect(engine.classify("he is unconsious").emergency)
        #expect(engine.classify("he is unconcsious").emergency, "two letters swapped are one typo")
        #expect(engine.classify("he is unkonshus").emergency == false, "more than one typo")
        #expect(engine.classify("a matress in the alley").category == "illegal_dumping")
        #expect(engine.classify("a mattrass in the alley").category == "other", "exempt from correction")
        #expect(engine.classify("a fier in the alley").emergency == false, "four letters: no typo tolerated")
    }

    @Test func negationWordsAreConfigurable() throws {
        let engine = try TriageEngine(rules: TriageRules(yaml: """
        negation: {window: 1, words: [zero]}
        emergency: {phrases: {en: [fire]}}
        referral: {to: X, needs: []}
        categories: [{id: other, phrases: {}}]
        """))
        #expect(!engine.classify("zero fire").emergency)
        #expect(engine.classify("zero big fire").emergency, "outside a window of one word")
        #expect(engine.classify("no fire").emergency, "no is not a negator in these rules")
    }

    @Test func aSenseCanRaiseAnEmergencyTier() throws {
        let engine = try TriageEngine(rules: TriageRules(yaml: """
        emergency: {phrases: {en: [fire]}, possible: {en: [hurt]}}
        referral: {to: X, needs: []}
        senses: [{phrase: hurt, with: [crash], window: 5, means: emergency}]
        categories: [{id: other, phrases: {}}]
        """))
        #expect(engine.classify("bad crash, the driver looks hurt").emergencyTier == .emergency)
        #expect(engine.classify("I hurt my foot on the curb").emergencyTier == .possible)
        #expect(engine.classify("crash on Grant, nobody hurt").emergencyTier == nil, "negation still applies")
    }

    @Test func negationWordsAreSingleWords() {
        #expect(throws: TriageRulesError.self) {
            try TriageRules(yaml: """
            negation: {words: [no one]}
            emergency: {phrases: {en: [fire]}}
            referral: {to: X, needs: []}
            categories: [{id: other, phrases: {}}]
            """)
        }
    }

    @Test func sensesMustNameACategoryOrNone() {
        #expect(throws: TriageRulesError.self) {
            try TriageRules(yaml: """
            emergency: {phrases: {en: [fire]}}
            referral: {to: X, needs: []}
            senses: [{phrase: hydrant, with: [car], means: parkingg}]
            categories: [{id: other, phrases: {}}]
            """)
        }
    }
}

@Suite("The shipped rules file reads residents' words")
struct ShippedRulesWordsTests {
    @Test(arguments: [
        ("my roommate overdosed and won't wake up", TriageResult.EmergencyTier.emergency),
        ("guy is passed out at the bus stop", .possible),
        ("there's a little kid wandering alone near the road, kid alone", .possible),
        ("hay humo saliendo del techo", .possible),
        ("a man is threatening people with a bat", .possible),
        ("nobody was injured, the car hit the pole", nil),
        ("fireworks all night, sounded like gunshots", nil),
        ("car parked blocking the fire hydrant", nil),
        ("new mural for the ceasefire", nil),
        ("the cars are not on fire anymore, only smell", nil),
    ])
    func tiers(_ text: String, _ tier: TriageResult.EmergencyTier?) {
        let r = RulesFile.engine.classify(text)
        #expect(r.emergencyTier == tier, "\(text) → \(r.matched)")
    }

    @Test(arguments: [
        ("car parked blocking the fire hydrant", "parking"),
        ("someone is blocking my driveway again", "parking"),
        ("big pothloe on my street", "pothole"),
        ("music playing very loud next door", "noise"),
        ("the car does not have plates and has been here for weeks", "abandoned_vehicle"),
        ("fireworks all night, sounded like gunshots", "noise"),
    ])
    func categories(_ text: String, _ category: String) {
        let r = RulesFile.engine.classify(text)
        #expect(r.category == category, "\(text) → \(r.matched)")
    }
}
