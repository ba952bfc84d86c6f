import IntakeCore
import IntakeTriage
import Testing

@Suite("Triage with the default city rules")
struct TriageEngineTests {
    @Test func theDefaultRulesFileLoads() throws {
        let rules = try TriageRules(path: RulesFile.path)
        let ids = Set(rules.categories.map(\.id))
        for needed in ["pothole", "streetlight", "graffiti", "illegal_dumping", "abandoned_vehicle", "water_leak", "noise", "trash_bulk_pickup", "encampment", "other"] {
            #expect(ids.contains(needed), "missing category \(needed)")
        }
        #expect(rules.referral.to == "Community Safety, Health & Wellness")
        #expect(rules.dedup.radiusM == 50 && rules.dedup.windowDays == 30)
    }

    @Test(arguments: [
        ("There is a huge pothole on Speedway", "pothole"),
        ("Hay un BACHE enorme en la calle", "pothole"),
        ("baches por toda la avenida", "pothole"),
        ("The streetlight at my corner is out", "streetlight"),
        ("la luminaria no sirve", "streetlight"),
        ("Someone sprayed graffiti on the wall", "graffiti"),
        ("pintaron grafiti en la barda", "graffiti"),
        ("somebody dumped a mattress and tires in the alley", "illegal_dumping"),
        ("tiraron basura y un colchón en el callejón", "illegal_dumping"),
        ("abandoned car with no plates for weeks", "abandoned_vehicle"),
        ("hay un carro abandonado", "abandoned_vehicle"),
        ("water main break, water gushing into the street", "water_leak"),
        ("fuga de agua en la banqueta", "water_leak"),
        ("the fire hydrant is leaking", "water_leak"),
        ("loud music every night", "noise"),
        ("mucho ruido de los vecinos", "noise"),
        // The regular cart is another service: trash_bulk_pickup is about bulk and brush.
        ("missed pickup, the trash was not picked up", "other"),
        ("no recogieron la basura", "other"),
        ("no recogieron los muebles viejos", "trash_bulk_pickup"),
        ("I need a bulk pickup for a couch", "trash_bulk_pickup"),
        ("homeless encampment under the bridge", "encampment"),
        ("hay un campamento junto al río", "encampment"),
        ("my question is about the parade schedule", "other"),
    ])
    func categorises(_ text: String, _ category: String) {
        let r = RulesFile.engine.classify(text)
        #expect(r.category == category, "matched \(r.matched)")
        #expect(!r.emergency)
    }

    @Test(arguments: [
        "There is a fire in the empty lot!",
        "shots fired near the park",
        "my neighbor is not breathing",
        "he has chest pain",
        "crash with injuries at Speedway and Campbell",
        "I smell gas, gas leak in the street",
        "hay un INCENDIO en la casa de al lado",
        "se escucharon disparos",
        "mi esposo no respira",
        "tiene dolor de pecho",
        "choque con heridos en la esquina",
        "fuga de gas en la calle",
        "Fuga de GAS",
    ])
    func flagsEmergencies(_ text: String) {
        let r = RulesFile.engine.classify(text)
        #expect(r.emergency, "not flagged: \(text)")
        #expect(r.priority == .emergency)
    }

    @Test(arguments: ["the fire hydrant is open", "fireworks all night", "the gun shop sign is broken", "un hidrante roto", "firefighters parked"])
    func doesNotFlagLookAlikes(_ text: String) {
        let r = RulesFile.engine.classify(text)
        #expect(!r.emergency, "flagged: \(text) via \(r.matched)")
        #expect(r.emergencyTier == nil, "flagged: \(text) via \(r.matched)")
    }

    @Test(arguments: [
        ("I am being evicted next week and need help", "social_services", "housing"),
        ("me van a desalojar de mi casa", "social_services", "housing"),
        ("we have no food for the kids", "social_services", "food"),
        ("tengo hambre y no tengo comida", "social_services", "food"),
        ("my brother is having a mental health crisis", "social_services", "mental_health"),
        ("necesito ayuda con mi depresión", "social_services", "mental_health"),
        ("I am homeless and sleeping in my car", "social_services", "homelessness"),
        ("persona sin hogar durmiendo en la calle", "social_services", "homelessness"),
        ("homeless camp with tents behind the library", "encampment", "homelessness"),
    ])
    func refersSocialServiceNeeds(_ text: String, _ category: String, _ need: String) {
        let r = RulesFile.engine.classify(text)
        #expect(r.referral == "Community Safety, Health & Wellness")
        #expect(r.category == category)
        #expect(RulesFile.engine.needs(in: text).contains(need))
        #expect(r.priority >= .high)
    }

    @Test func prioritiesComeFromTheRules() {
        #expect(RulesFile.engine.classify("graffiti on the wall").priority == .low)
        #expect(RulesFile.engine.classify("water main break").priority == .high)
        #expect(RulesFile.engine.classify("pothole").priority == .normal)
        #expect(RulesFile.engine.classify("pothole").matched == ["pothole"])
    }

    @Test func aCityCanEditTheRules() throws {
        let yaml = """
        emergency:
          phrases: {en: [fire]}
        referral:
          to: Someone
          needs: []
        dedup:
          radius_m: 80
        categories:
          - id: cactus
            priority: high
            radius_m: 20
            phrases:
              en: [fallen saguaro, cactu*]
          - id: other
            phrases: {}
        """
        let engine = try TriageEngine(rules: TriageRules(yaml: yaml))
        #expect(engine.classify("a fallen saguaro blocks the path").category == "cactus")
        #expect(engine.classify("cactuses everywhere").category == "cactus")
        #expect(engine.classify("cactuses everywhere").priority == .high)
        #expect(engine.dedupParameters(for: "cactus").radiusM == 20)
        #expect(engine.dedupParameters(for: "other").radiusM == 80)
        #expect(engine.dedupParameters(for: "other").windowSeconds == 30 * 86_400)
    }

    @Test func invalidRulesAreRejected() {
        #expect(throws: TriageRulesError.self) {
            try TriageRules(yaml: """
            emergency: {phrases: {en: [fire]}}
            referral: {to: X, needs: []}
            dedup: {confident_similarity: 0.1, unsure_similarity: 0.5}
            categories: [{id: a, phrases: {}}]
            """)
        }
        #expect(throws: TriageRulesError.self) {
            try TriageRules(yaml: """
            emergency: {phrases: {en: [fire]}}
            referral: {to: X, needs: []}
            categories: [{id: a, phrases: {}}, {id: a, phrases: {}}]
            """)
        }
    }
}

@Suite("Duplicate-matching defaults")
struct DedupDefaultsTests {
    static let minimal = """
    emergency: {phrases: {en: [fire]}}
    referral: {to: X, needs: []}
    categories: [{id: other, phrases: {}}]
    """

    @Test("a rules file without a dedup section gets DedupParameters' defaults")
    func noSection() throws {
        let rules = try TriageRules(yaml: Self.minimal)
        #expect(rules.dedup == DedupParameters())
        #expect(try TriageEngine(rules: rules).dedupParameters(for: "other") == DedupParameters())
        #expect(TriageRules(emergency: rules.emergency, referral: rules.referral, categories: rules.categories).dedup == DedupParameters())
    }

    @Test("a partial dedup section keeps the other defaults")
    func partialSection() throws {
        let rules = try TriageRules(yaml: Self.minimal + "\ndedup: {radius_m: 80, window_days: 7}")
        var expected = DedupParameters()
        expected.radiusM = 80
        expected.windowSeconds = 7 * 86_400
        #expect(rules.dedup == expected)
        #expect(rules.dedup.windowDays == 7)
    }

    @Test("the shipped rules file states the same numbers as the defaults")
    func shippedFile() throws {
        #expect(try TriageRules(path: RulesFile.path).dedup == DedupParameters())
    }
}
