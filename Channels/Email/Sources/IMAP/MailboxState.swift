import Foundation
import IntakeChannel
import IntakeCore

/// What the watcher has taken from the mailbox, kept durably (`DurableFile`): the mailbox's
/// UIDVALIDITY, the highest UID whose contact is spooled, and the spooled messages not yet moved
/// to the processed folder (UID → contact id), which move once their receipt has come, and the
/// messages put off because their sender was over the per-sender limit (UID → when to take them).
struct MailboxState: Equatable, Sendable {
    var uidValidity: UInt32 = 0
    var lastUID: UInt32 = 0
    var awaitingMove: [UInt32: String] = [:]
    var deferred: [UInt32: Date] = [:]

    static func load(from path: String) -> MailboxState {
        guard let d = FileManager.default.contents(atPath: path),
              let obj = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else { return MailboxState() }
        var s = MailboxState()
        s.uidValidity = (obj["uid_validity"] as? NSNumber)?.uint32Value ?? 0
        s.lastUID = (obj["last_uid"] as? NSNumber)?.uint32Value ?? 0
        for (k, v) in obj["awaiting_move"] as? [String: String] ?? [:] {
            if let uid = UInt32(k) { s.awaitingMove[uid] = v }
        }
        for (k, v) in obj["deferred"] as? [String: Double] ?? [:] {
            if let uid = UInt32(k) { s.deferred[uid] = Date(timeIntervalSince1970: v) }
        }
        return s
    }

    func save(to path: String) throws {
        let obj: [String: Any] = [
            "uid_validity": uidValidity, "last_uid": lastUID,
            "awaiting_move": Dictionary(uniqueKeysWithValues: awaitingMove.map { (String($0.key), $0.value) }),
            "deferred": Dictionary(uniqueKeysWithValues: deferred.map { (String($0.key), $0.value.timeIntervalSince1970) }),
        ]
        let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
        try DurableFile.replace(path, with: [UInt8](data))
    }

    /// The mailbox was recreated or renumbered: every UID is new, and whatever is still in it is
    /// read again (contact ids from Message-IDs keep that from making second contacts).
    mutating func reset(uidValidity v: UInt32) {
        uidValidity = v
        lastUID = 0
        awaitingMove = [:]
        deferred = [:]
    }
}
