import IntakeCore
@testable import IntakeWriter
import Testing

@Suite("Case lifecycle: transitions, merges and requests, without I/O")
struct CaseLifecycleTests {
    static func state(_ status: CaseStatus, note: String? = nil, duplicateOf: String? = nil) -> CaseLifecycle.State {
        CaseLifecycle.State(ref: "TUC-2026-000010", status: status, note: note, duplicateOf: duplicateOf, routedTo: "Tucson Water")
    }

    static let allowed: [(CaseStatus, CaseStatus, CaseLifecycle.Notice?, String)] = [
        (.open, .inProgress, .inProgress, "status"),
        (.open, .closed, .closed, "status"),
        (.inProgress, .closed, .closed, "status"),
        (.inProgress, .open, nil, "status"),
        (.closed, .open, nil, "reopen"),
    ]

    @Test("each allowed transition changes the status, makes a status_changed event, and tells residents only of progress and closing")
    func allowedTransitions() {
        for (from, to, notice, action) in Self.allowed {
            var life = CaseLifecycle(Self.state(from, note: "old"))
            let result = life.apply(CaseChangeRequest(status: to, note: "Crew sent"), target: nil)
            guard case .change(let c) = result else {
                Issue.record("\(from) → \(to) gave \(result)")
                continue
            }
            #expect(c.from.status == from && c.to.status == to)
            #expect(c.event == .statusChanged)
            #expect(c.notice == notice)
            #expect(c.action == action)
            #expect(c.to.note == "Crew sent")
            #expect(life.state == c.to)
        }
    }

    @Test("every other move between different statuses is refused as an invalid transition (409)")
    func refusedTransitions() {
        let allowed = Set(Self.allowed.map { "\($0.0.rawValue)>\($0.1.rawValue)" })
        var refused = 0
        for from in CaseStatus.allCases {
            for to in CaseStatus.allCases where from != to && !allowed.contains("\(from.rawValue)>\(to.rawValue)") {
                var life = CaseLifecycle(Self.state(from))
                #expect(life.apply(CaseChangeRequest(status: to), target: nil) == .refuse(.invalidTransition(from: from, to: to)))
                #expect(life.state == Self.state(from))
                #expect(CaseChangeRefusal.invalidTransition(from: from, to: to).httpStatus == 409)
                refused += 1
            }
        }
        #expect(refused == 1)  // closed → in_progress: reopen first
    }

    @Test("asking for the status a case has, with no new note, changes nothing; a new note alone changes only the note")
    func unchangedAndNote() {
        var life = CaseLifecycle(Self.state(.inProgress, note: "Crew sent"))
        #expect(life.apply(CaseChangeRequest(status: .inProgress), target: nil) == .unchanged(Self.state(.inProgress, note: "Crew sent")))
        #expect(life.apply(CaseChangeRequest(status: .inProgress, note: "Crew sent"), target: nil)
                == .unchanged(Self.state(.inProgress, note: "Crew sent")))
        guard case .change(let c) = life.apply(CaseChangeRequest(status: .inProgress, note: "Parts ordered"), target: nil) else {
            Issue.record("a new note changed nothing")
            return
        }
        #expect(c.to == Self.state(.inProgress, note: "Parts ordered"))
        #expect(c.action == "note" && c.notice == nil && c.event == .statusChanged)
    }

    @Test("duplicate_of closes an open case as merged and tells its residents; the merge is then final")
    func merge() {
        let target = CaseLifecycle.State(ref: "TUC-2026-000003", status: .inProgress)
        var life = CaseLifecycle(Self.state(.open))
        guard case .change(let c) = life.apply(CaseChangeRequest(duplicateOf: target.ref), target: target) else {
            Issue.record("the merge was not made")
            return
        }
        #expect(c.to.status == .closed && c.to.duplicateOf == target.ref)
        #expect(c.event == .merged && c.notice == .merged && c.action == "merge")
        // The same merge again changes nothing; anything else is refused.
        #expect(life.apply(CaseChangeRequest(status: .closed, duplicateOf: target.ref), target: target) == .unchanged(life.state))
        #expect(life.apply(CaseChangeRequest(status: .open), target: nil) == .refuse(.merged(into: target.ref)))
        #expect(life.apply(CaseChangeRequest(duplicateOf: "TUC-2026-000004"), target: target) == .refuse(.merged(into: target.ref)))
    }

    @Test("a merge into itself, into no case, into a merged case, or of a closed case is refused")
    func mergeRefusals() {
        var open = CaseLifecycle(Self.state(.open))
        #expect(open.apply(CaseChangeRequest(duplicateOf: "TUC-2026-000010"), target: Self.state(.open)) == .refuse(.duplicateOfItself))
        #expect(open.apply(CaseChangeRequest(duplicateOf: "TUC-2026-000099"), target: nil) == .refuse(.unknownDuplicateTarget("TUC-2026-000099")))
        let merged = CaseLifecycle.State(ref: "TUC-2026-000005", status: .closed, duplicateOf: "TUC-2026-000001")
        #expect(open.apply(CaseChangeRequest(duplicateOf: merged.ref), target: merged)
                == .refuse(.duplicateTargetMerged(target: merged.ref, into: "TUC-2026-000001")))
        var closed = CaseLifecycle(Self.state(.closed))
        #expect(closed.apply(CaseChangeRequest(duplicateOf: "TUC-2026-000003"),
                             target: CaseLifecycle.State(ref: "TUC-2026-000003", status: .open)) == .refuse(.closedCannotMerge))
        #expect(CaseChangeRefusal.duplicateOfItself.httpStatus == 422)
        #expect(CaseChangeRefusal.unknownDuplicateTarget("x").httpStatus == 422)
        #expect(CaseChangeRefusal.closedCannotMerge.httpStatus == 409)
        #expect(open.state == Self.state(.open))
    }

    @Test("a request body is read strictly: status, note and duplicate_of only, with at least a status or a merge")
    func requestBodies() throws {
        #expect(try CaseChangeRequest(json: Array(#"{"status":"in_progress","note":" Crew sent "}"#.utf8))
                == CaseChangeRequest(status: .inProgress, note: "Crew sent"))
        #expect(try CaseChangeRequest(json: Array(#"{"duplicate_of":"tuc-2026-000003","note":null}"#.utf8))
                == CaseChangeRequest(duplicateOf: "TUC-2026-000003"))
        #expect(try CaseChangeRequest(json: Array(#"{"status":"closed","duplicate_of":"TUC-2026-000003"}"#.utf8))
                == CaseChangeRequest(status: .closed, duplicateOf: "TUC-2026-000003"))
        for bad in ["", "[]", "not json", #"{"note":"only a note"}"#, #"{"status":"done"}"#, #"{"status":3}"#,
                    #"{"status":"open","priority":"high"}"#, #"{"status":"open","duplicate_of":"TUC-2026-000003"}"#,
                    "{\"status\":\"closed\",\"note\":\"\(String(repeating: "x", count: 1001))\"}"] {
            #expect(throws: CaseChangeRefusal.self) { try CaseChangeRequest(json: Array(bad.utf8)) }
            do {
                _ = try CaseChangeRequest(json: Array(bad.utf8))
            } catch {
                #expect(error.httpStatus == 400, "\(bad)")
            }
        }
    }
}
