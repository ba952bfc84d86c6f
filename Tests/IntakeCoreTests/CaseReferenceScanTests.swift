@testable import IntakeCore
import Testing

@Suite("Case references found in text, on the bytes first")
struct CaseReferenceScanTests {
    @Test(arguments: [
        ("about TUC-2026-000042", true), ("tuc 2026 42", true), ("TtUC-2026-1", true), ("no reference here", false),
        ("TU-2026-1", false), ("", false), ("señor, TUC-2026-000001", true), ("ﬀ", true),
    ])
    func prefixScan(text: String, may: Bool) {
        #expect(CaseReference.mayName(prefix: "TUC", text) == may)
    }

    /// A prefix that overlaps itself is still found after a false start.
    @Test func overlappingPrefix() {
        #expect(CaseReference.mayName(prefix: "AAB", "xAAAB-2026-1"))
        #expect(CaseReference.first(in: "case aab-2026-000007 again", prefix: "AAB")?.description == "AAB-2026-000007")
        #expect(CaseReference.first(in: "no case aa b", prefix: "AAB") == nil)
    }
}
