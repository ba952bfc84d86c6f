public import IntakeCore

/// Renders what residents are told about a change to their case: one `ReplyMessage` per resident
/// of `contacts` who can be reached (the process's channels decide how; see `ReplyRoute`), each
/// with the id `notice:<eventID>:<contact id>`, so that a relay or an event that repeats it
/// gives the same id and the adapter sends it once.
public protocol CaseNotices: Sendable {
    func notices(_ notice: CaseLifecycle.Notice, change: CaseLifecycle.Change, category: String?, eventID: Int64,
                 contacts: [ContactEnvelope]) throws -> [ReplyMessage]
}
