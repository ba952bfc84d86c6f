public import IntakeCore

/// The rules of a case's life after intake, without I/O: given the case as it stands (read under
/// lock) and a department's request, what to do. In the manner of postgres-nio's state machines:
/// the I/O around it (`CaseChangeStore`) reads the state, asks for the action, and carries it out.
///
/// Transitions (a change to the status it already has is no change):
///
///     open ──► in_progress ──► closed
///       ▲  ◄──                  │
///       └────── reopen ─────────┘
///
/// - open → in_progress, open → closed, in_progress → closed;
/// - in_progress → open: the work goes back to the queue;
/// - closed → open: reopening (closed → in_progress is refused: reopen first);
/// - `duplicate_of`: an open or in-progress case is closed as a duplicate of another (merged);
///   a merged case is final: nothing changes it any more (its residents follow the other case).
/// - A note with its case's own status (and a different note) changes only the note.
public struct CaseLifecycle: Sendable, Equatable {
    /// The case as stored.
    public struct State: Sendable, Equatable {
        public var ref: String
        public var status: CaseStatus
        public var note: String?
        public var duplicateOf: String?
        public var routedTo: String?

        public init(ref: String, status: CaseStatus, note: String? = nil, duplicateOf: String? = nil, routedTo: String? = nil) {
            self.ref = ref
            self.status = status
            self.note = note
            self.duplicateOf = duplicateOf
            self.routedTo = routedTo
        }
    }

    /// What residents are told about a change; nil for none.
    public enum Notice: String, Sendable, Equatable {
        case inProgress = "case-in-progress"
        case closed = "case-closed"
        case merged = "case-merged"
    }

    /// A change to make, in one transaction: the case's new state, its event, its audit action
    /// and the notice for its residents.
    public struct Change: Sendable, Equatable {
        public var from: State
        public var to: State
        public var event: CaseEvent.Kind
        /// `case_audit.action`: `status`, `note`, `reopen` or `merge`.
        public var action: String
        public var notice: Notice?
    }

    public enum Action: Sendable, Equatable {
        /// The case already is as asked: no event, no audit row, no notice.
        case unchanged(State)
        case change(Change)
        case refuse(CaseChangeRefusal)
    }

    public private(set) var state: State

    public init(_ state: State) {
        self.state = state
    }

    /// Decides the request. `target` is the case `duplicate_of` names, as stored (nil when there
    /// is none); ignored without `duplicate_of`. On a change, `state` becomes the new state.
    public mutating func apply(_ request: CaseChangeRequest, target: State?) -> Action {
        let action = decide(request, target: target)
        if case .change(let c) = action { state = c.to }
        return action
    }

    private func decide(_ request: CaseChangeRequest, target: State?) -> Action {
        if let into = state.duplicateOf {
            // Asking again for the merge it already had changes nothing; anything else is refused.
            if request.duplicateOf == into, request.status ?? .closed == .closed, request.note == nil || request.note == state.note {
                return .unchanged(state)
            }
            return .refuse(.merged(into: into))
        }
        if let other = request.duplicateOf {
            guard other != state.ref else { return .refuse(.duplicateOfItself) }
            guard let target else { return .refuse(.unknownDuplicateTarget(other)) }
            if let root = target.duplicateOf { return .refuse(.duplicateTargetMerged(target: other, into: root)) }
            guard state.status != .closed else { return .refuse(.closedCannotMerge) }
            var to = state
            to.status = .closed
            to.duplicateOf = other
            if let n = request.note { to.note = n }
            return .change(Change(from: state, to: to, event: .merged, action: "merge", notice: .merged))
        }
        guard let status = request.status else { return .refuse(.badRequest("give status or duplicate_of")) }
        if status == state.status {
            guard let n = request.note, n != state.note else { return .unchanged(state) }
            var to = state
            to.note = n
            return .change(Change(from: state, to: to, event: .statusChanged, action: "note", notice: nil))
        }
        let rule: (notice: Notice?, action: String)
        switch (state.status, status) {
        case (.open, .inProgress):
            rule = (.inProgress, "status")
        case (.open, .closed), (.inProgress, .closed):
            rule = (.closed, "status")
        case (.inProgress, .open):
            rule = (nil, "status")
        case (.closed, .open):
            rule = (nil, "reopen")
        default:
            return .refuse(.invalidTransition(from: state.status, to: status))
        }
        var to = state
        to.status = status
        // A new status without a note clears the old one: it said something about the old status.
        to.note = request.note
        return .change(Change(from: state, to: to, event: .statusChanged, action: rule.action, notice: rule.notice))
    }
}
