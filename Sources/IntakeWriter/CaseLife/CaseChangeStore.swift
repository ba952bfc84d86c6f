import Foundation
public import IntakeCore
public import IntakeStore

/// The I/O around `CaseLifecycle`: one transaction per change, as the writer's role. It locks the
/// case (and the case `duplicate_of` names), asks the lifecycle what to do, and writes the case,
/// its `case_events` row, its `case_audit` row, and the event and the residents' notices into the
/// outbox, all committed together. A change to nothing writes nothing.
public struct CaseChangeStore: Sendable {
    /// Who asks, for the audit trail and the routing check.
    public struct Actor: Sendable {
        public var department: String
        /// Whether the department may change cases routed elsewhere (`INTAKE_DEPARTMENTS_ALL_CASES`).
        public var allCases: Bool
        public var remoteAddress: String?

        public init(department: String, allCases: Bool, remoteAddress: String?) {
            self.department = department
            self.allCases = allCases
            self.remoteAddress = remoteAddress
        }
    }

    /// What a request came to.
    public struct Outcome: Sendable, Equatable {
        public var state: CaseLifecycle.State
        public var changed: Bool
        /// The `case_events` row, when something changed.
        public var eventID: Int64?
        /// Notices put in the outbox for the case's residents.
        public var notices: Int
    }

    let db: PostgresConnection
    let topics: TopicTree
    let notices: any CaseNotices

    public init(db: PostgresConnection, topics: TopicTree, notices: any CaseNotices) {
        self.db = db
        self.topics = topics
        self.notices = notices
    }

    /// Applies `request` to case `ref`; a refusal is thrown as `CaseChangeRefusal`.
    public func apply(_ request: CaseChangeRequest, to ref: String, by actor: Actor) async throws -> Outcome {
        let topics = self.topics
        let notices = self.notices
        return try await db.withSession { s in
            do {
                let outcome = try Self.apply(request, to: ref, by: actor, topics: topics, notices: notices, session: s)
                return outcome
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw error
            }
        }
    }

    private static func apply(_ request: CaseChangeRequest, to ref: String, by actor: Actor, topics: TopicTree,
                              notices: any CaseNotices, session s: PostgresSession) throws -> Outcome {
        // 1. The case and the one it would repeat, locked in a fixed order (no deadlock between two changes).
        let refs = [ref] + (request.duplicateOf.map { [$0] } ?? [])
        let found = try s.pipeline([
            ("BEGIN", []),
            ("""
             SELECT ref, status, status_note, duplicate_of, routed_to, category FROM cases
             WHERE ref = ANY($1::text[]) ORDER BY ref FOR UPDATE
             """, [PostgresArray.literal(refs)]),
        ])[1]
        var states: [String: (state: CaseLifecycle.State, category: String?)] = [:]
        for r in found.rows {
            guard let ref = r[0], let status = r[1].flatMap(CaseStatus.init(rawValue:)) else { continue }
            states[ref] = (CaseLifecycle.State(ref: ref, status: status, note: r[2], duplicateOf: r[3], routedTo: r[4]), r[5])
        }
        guard let current = states[ref] else { throw CaseChangeRefusal.unknownCase(ref) }
        if !actor.allCases, current.state.routedTo?.caseInsensitiveCompare(actor.department) != .orderedSame {
            throw CaseChangeRefusal.notYourCase(ref: ref, routedTo: current.state.routedTo)
        }

        // 2. What to do.
        var lifecycle = CaseLifecycle(current.state)
        let change: CaseLifecycle.Change
        switch lifecycle.apply(request, target: request.duplicateOf.flatMap { states[$0]?.state }) {
        case .refuse(let refusal):
            throw refusal
        case .unchanged(let state):
            try s.execute("COMMIT")
            return Outcome(state: state, changed: false, eventID: nil, notices: 0)
        case .change(let c):
            change = c
        }

        // 3. The case, its event and its audit row; the residents to tell.
        let to = change.to
        var detail = JSONWriter(capacity: 256)
        detail.object { w in
            w.field("from", change.from.status.rawValue)
            w.field("to", to.status.rawValue)
            w.field("note", to.note)
            w.field("duplicate_of", to.duplicateOf)
        }
        var audit = JSONWriter(capacity: 256)
        audit.object { w in
            w.field("from", change.from.status.rawValue)
            w.field("to", to.status.rawValue)
            w.field("note", to.note)
            w.field("duplicate_of", to.duplicateOf)
            w.field("remote_addr", actor.remoteAddress)
        }
        var statements: [(sql: String, parameters: [String?])] = [
            ("""
             UPDATE cases SET status = $2, status_note = $3, duplicate_of = $4, updated_at = now(),
                 closed_at = CASE WHEN $2 = 'closed' THEN coalesce(closed_at, now()) END
             WHERE ref = $1
             """, [ref, to.status.rawValue, to.note, to.duplicateOf]),
            ("""
             INSERT INTO case_events (case_ref, kind, detail) VALUES ($1, $2, $3::jsonb)
             RETURNING id, extract(epoch FROM at) AS at
             """, [ref, change.event.rawValue, String(decoding: detail.bytes, as: UTF8.self)]),
            ("""
             INSERT INTO case_audit (case_ref, actor, action, detail, remote_addr) VALUES ($1, $2, $3, $4::jsonb, $5)
             """, [ref, actor.department, change.action, String(decoding: audit.bytes, as: UTF8.self), actor.remoteAddress]),
        ]
        if change.notice != nil {
            // The case's own residents, and those of the cases merged into it: they were told
            // their report follows this case, so they hear how it ends too.
            statements.append(("""
                SELECT envelope FROM contacts
                WHERE case_ref = $1 OR case_ref IN (SELECT ref FROM cases WHERE duplicate_of = $1)
                ORDER BY received_at, id
                """, [ref]))
        }
        let written = try s.pipeline(statements)
        guard let eventID = written[1][0, "id"].flatMap(Int64.init) else {
            throw PostgresError(sqlState: "XX000", message: "case_events gave no id")
        }
        let at = written[1][0, "at"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? Date()

        // 4. The event and the notices, into the outbox, then the commit.
        let event = CaseEvent(kind: change.event, caseRef: ref, contactID: nil, channel: nil, status: to.status.rawValue,
                              category: current.category, routedTo: to.routedTo, note: to.note, duplicateOf: to.duplicateOf, at: at)
        var messages = [OutboxMessage(topic: topics.caseEvent(ref: ref), json: event)]
        var last: [(sql: String, parameters: [String?])] = []
        var told = 0
        if let notice = change.notice {
            let contacts = written[3].rows.compactMap { r -> ContactEnvelope? in
                guard let json = r[0] else { return nil }
                return try? IntakeJSON.decode(EnrichedContact.self, from: Array(json.utf8)).contact
            }
            let replies = try notices.notices(notice, change: change, category: current.category, eventID: eventID, contacts: contacts)
            for reply in replies {
                messages.append(OutboxMessage(topic: topics.reply(channel: reply.channel), json: reply))
            }
            told = replies.count
            if !replies.isEmpty {
                // The event keeps what its residents were told: the outbox row goes once the broker has it.
                last.append(("UPDATE case_events SET detail = detail || jsonb_build_object('notices', $2::jsonb) WHERE id = $1::bigint",
                             [String(eventID), Self.noticesJSON(replies)]))
            }
        }
        _ = try s.pipeline([OutboxMessage.insert(messages)] + last + [("COMMIT", [])])
        return Outcome(state: to, changed: true, eventID: eventID, notices: told)
    }

    /// The notices of a change as the event's `detail.notices`: each one's id, channel, contact,
    /// language and text (the city's words; the resident's address stays in the contact).
    static func noticesJSON(_ replies: [ReplyMessage]) -> String {
        var w = JSONWriter(capacity: 256 * replies.count)
        w.array(replies) { w, r in
            w.object { w in
                w.field("id", r.id)
                w.field("channel", r.channel)
                w.field("contact_id", r.contactID)
                w.field("language", r.language)
                w.field("text", r.text)
            }
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
