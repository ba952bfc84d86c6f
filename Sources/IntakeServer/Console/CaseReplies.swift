import Foundation
import IntakeCore

/// The replies to a case's residents, as far as the writer's process can know them:
/// - notices of status changes, kept in their event's `detail.notices` (the writer puts each in
///   the outbox and records it in the same transaction);
/// - replies still in the outbox, waiting for the broker;
/// - every reply the adapters logged as sent (`$INTAKE_DATA_DIR/replies/sent.log`: the reference
///   that follows a receipt `ref:`, emergency advice `advice:`, notices `notice:` …), when that
///   log is on this machine: it holds ids and times only, and is the adapters' own record.
/// Answers given inside a channel's own response (an SMS webhook's TwiML, a chat reply) are
/// not recorded anywhere, so they cannot be listed.
struct CaseReply: Sendable, Equatable {
    var at: String
    var id: String
    var channel: String?
    var contactID: String?
    var text: String?
    var delivery: String
}

enum CaseReplies {
    /// - Parameters:
    ///   - events: each event's time and `detail` JSON text.
    ///   - pending: the payloads of the case's replies still in the outbox.
    ///   - sent: the adapters' sent log (nil: not on this machine).
    ///   - contacts: the case's contacts' ids and channels.
    static func list(events: [(at: String, detail: String)], pending: [String], sent: [(String, Date)]?,
                     contacts: [(id: String, channel: String)]) -> [CaseReply] {
        let sentAt = Dictionary((sent ?? []).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        var waiting: [String: (channel: String?, contactID: String?, text: String?)] = [:]
        for p in pending {
            guard case .object(let o)? = try? JSONReader.parse(Array(p.utf8)), let id = o["id"]?.stringValue else { continue }
            waiting[id] = (o["channel"]?.stringValue, o["contact_id"]?.stringValue, o["text"]?.stringValue)
        }
        func delivery(_ id: String) -> String {
            if let at = sentAt[id] { return "sent \(Self.format(at))" }
            if waiting[id] != nil { return "waiting in the outbox for the broker" }
            return sent == nil ? "handed to the broker" : "handed to the broker; not in the adapters' sent log"
        }
        var out: [CaseReply] = []
        var listed = Set<String>()
        for e in events {
            guard case .object(let d)? = try? JSONReader.parse(Array(e.detail.utf8)), case .array(let notices)? = d["notices"] else { continue }
            for case .object(let n) in notices {
                guard let id = n["id"]?.stringValue, listed.insert(id).inserted else { continue }
                out.append(CaseReply(at: e.at, id: id, channel: n["channel"]?.stringValue, contactID: n["contact_id"]?.stringValue,
                                     text: n["text"]?.stringValue, delivery: delivery(id)))
            }
        }
        for (id, w) in waiting.sorted(by: { $0.key < $1.key }) where listed.insert(id).inserted {
            out.append(CaseReply(at: "", id: id, channel: w.channel, contactID: w.contactID, text: w.text, delivery: delivery(id)))
        }
        // Other replies the adapters sent to these contacts: their ids end with the contact's id.
        let channels = Dictionary(contacts.map { ($0.id, $0.channel) }, uniquingKeysWith: { a, _ in a })
        for (id, at) in (sent ?? []) where !listed.contains(id) {
            guard let contact = channels.keys.first(where: { id.hasSuffix(":" + $0) }) else { continue }
            listed.insert(id)
            out.append(CaseReply(at: format(at), id: id, channel: channels[contact], contactID: contact, text: nil, delivery: "sent \(format(at))"))
        }
        return out
    }

    static func format(_ d: Date) -> String {
        ISO8601DateFormatter().string(from: d)
    }
}
