/// `cases.status`: a case is open until a department takes it up, then in progress, then closed.
public enum CaseStatus: String, Sendable, CaseIterable {
    case open
    case inProgress = "in_progress"
    case closed
}
