import Foundation
import IntakeTestSupport
import IVRChannel
import Logging
import Testing

/// The call state on disk: what a restarted adapter finds.
@Suite("Call store")
struct CallStoreTests {
    static func store() throws -> CallStore {
        try CallStore(directory: "\(try Paths.temporaryDirectory("calls"))/calls", logger: Logger(label: "test"))
    }

    @Test("a saved call loads back equal from a second store on the same folder")
    func roundTrip() throws {
        let store = try Self.store()
        var s = CallState(callSID: TestCall().sid, caller: "+15205550123", called: "+15205550311", now: Date())
        s.step = .confirm
        s.language = "es"
        s.candidateLocation = Heard(text: "Calle Stone y Congress", confidence: 0.81)
        s.escalation = EscalationRecord(reason: "pressed 9", heard: nil, raisedAt: Date())
        try store.save(s)
        let reopened = try CallStore(directory: store.directory, logger: Logger(label: "test"))
        #expect(reopened.load(s.callSID) == s)
        #expect(reopened.callSIDs() == [s.callSID])
        reopened.delete(s.callSID)
        #expect(store.load(s.callSID) == nil)
        #expect(store.callSIDs().isEmpty)
    }

    @Test("an unknown call is nil; an unreadable file is set aside and the call is unknown")
    func unknownAndUnreadable() throws {
        let store = try Self.store()
        #expect(store.load(TestCall().sid) == nil)
        let sid = TestCall().sid
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: store.path(for: sid)))
        #expect(store.load(sid) == nil)
        #expect(FileManager.default.fileExists(atPath: store.path(for: sid) + ".unreadable"))
        #expect(store.callSIDs().isEmpty)
    }

    @Test("leftovers of an interrupted write are removed at start; the previous state is intact")
    func interruptedWrite() throws {
        let store = try Self.store()
        let s = CallState(callSID: TestCall().sid, caller: nil, called: nil, now: Date())
        try store.save(s)
        let leftover = store.path(for: s.callSID) + ".1234.tmp"
        try Data("{\"half".utf8).write(to: URL(fileURLWithPath: leftover))
        let reopened = try CallStore(directory: store.directory, logger: Logger(label: "test"))
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(reopened.load(s.callSID) == s)
    }

    @Test("only CallSids name files", arguments: ["CA" + String(repeating: "a", count: 32), "CA0123456789abcdef0123456789ABCDEF"])
    func validSID(_ sid: String) {
        #expect(CallSID.isValid(sid))
    }

    @Test("anything else is refused", arguments: ["", "CA123", "SM" + String(repeating: "a", count: 32),
                                                 "CA../../../etc/passwd/aaaaaaaaaaaaaaaaaa", "CA" + String(repeating: "g", count: 32)])
    func invalidSID(_ sid: String) {
        #expect(!CallSID.isValid(sid))
    }
}
