import IntakeCore
@testable import IntakeTriage
import Testing

@Suite("What the rules read, remembered")
struct TriageMemoTests {
    /// A hit is answered from the memo; past its capacity the oldest answers are forgotten and
    /// made again.
    @Test func boundedAndReused() {
        let memo = TriageMemo<String, Int>(capacity: 8)
        let made = Locked(0)
        func value(_ k: String) -> Int { memo.value(for: k) { made.withLock { $0 += 1 }; return k.count } }
        #expect(value("pothole") == 7)
        #expect(value("pothole") == 7)
        #expect(made.withLock { $0 } == 1)
        for i in 0..<100 { _ = value("text \(i)") }
        #expect(memo.count <= 8)
        _ = value("pothole")
        #expect(made.withLock { $0 } == 102, "forgotten after 100 newer texts, so made again")
    }

    /// A text read lately moves to the newer generation when it is asked for again, so the texts
    /// in use are the ones kept.
    @Test func aHitIsKeptAcrossGenerations() {
        let memo = TriageMemo<String, Int>(capacity: 4)
        let made = Locked(0)
        func value(_ k: String) -> Int { memo.value(for: k) { made.withLock { $0 += 1 }; return 0 } }
        _ = value("kept")
        for i in 0..<20 {
            _ = value("other \(i)")
            _ = value("kept")
        }
        #expect(made.withLock { $0 } == 21)
    }

    /// Remembered answers are the answers: the same verdicts and signatures as a fresh engine's.
    @Test func sameAnswersAsAFreshReading() throws {
        let shared = RulesFile.engine
        let texts = ["Big pothole on Speedway, eastbound lane", "Hay un bache enorme en la calle Stone",
                     "Streetlight out at 5th and Main", "smoke coming out of the house next door, I think it's on fire"]
        for text in texts {
            let fresh = try TriageEngine(path: RulesFile.path)
            for _ in 0..<2 {
                #expect(shared.classify(text) == fresh.classify(text))
                #expect(shared.emergencyMatch(in: text) == fresh.emergencyMatch(in: text))
                #expect(shared.duplicateSignature(text: text, place: "Stone") == fresh.duplicateSignature(text: text, place: "Stone"))
            }
        }
    }
}
