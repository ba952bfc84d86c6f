import IntakeChannel
import Testing

@Suite("Remembering what was seen")
struct RecentSetTests {
    @Test("the oldest ids are forgotten past the capacity")
    func bounded() {
        var set = RecentSet(capacity: 3)
        for id in ["a", "b", "c", "d"] {
            let inserted = set.insert(id)
            #expect(inserted)
        }
        #expect(!set.contains("a"))
        #expect(set.contains("d"))
        let again = set.insert("d")
        #expect(!again)
    }
}
