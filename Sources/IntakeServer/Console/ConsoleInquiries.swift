import Foundation
import Hummingbird
import IntakeCore
import IntakeStore
import IntakeWriter
import Logging

/// "Inquiries waiting": residents' questions no entry of the answers file answered with
/// confidence (`inquiries.status = 'waiting'`, migration 9), oldest first, each with a form for
/// the staff member's answer. Answering marks the inquiry answered (by whom, when) and, in the
/// same transaction, puts the reply to the resident in the outbox (`reply/{channel}`), which the
/// relay publishes once committed: the resident gets it on the channel they asked on.
actor ConsoleInquiries {
    let databaseURL: String
    let topics: TopicTree
    let logger: Logger
    private var connection: PostgresConnection?

    init(databaseURL: String, topics: TopicTree, logger: Logger) {
        self.databaseURL = databaseURL
        self.topics = topics
        self.logger = logger
    }

    struct Waiting: Sendable {
        var contactID: String
        var channel: String
        var language: String
        var receivedAt: String
        var text: String
        var place: String?
    }

    /// At most 200, oldest first.
    func waiting() async throws -> [Waiting] {
        let rows = try await connect().query("""
            SELECT c.id, c.channel, i.language, c.received_at::text AS received_at, c.text,
                   c.envelope->'location'->>'text' AS place
            FROM inquiries i JOIN contacts c ON c.id = i.contact_id
            WHERE i.status = 'waiting' ORDER BY i.created_at, c.id LIMIT 200
            """)
        return (0..<rows.count).map { i in
            Waiting(contactID: rows[i, "id"] ?? "", channel: rows[i, "channel"] ?? "", language: rows[i, "language"] ?? "en",
                    receivedAt: rows[i, "received_at"] ?? "", text: rows[i, "text"] ?? "", place: rows[i, "place"])
        }
    }

    enum AnswerOutcome: Equatable {
        case sent
        /// Answered already (by someone else), or no such inquiry.
        case notWaiting
        /// Stored as answered, but the resident cannot be reached on their channel (anonymous).
        case storedOnly
    }

    /// Marks the inquiry answered by `user` and queues the reply to the resident.
    func answer(contactID: String, text: String, by user: String) async throws -> AnswerOutcome {
        let db = try await connect()
        let topics = self.topics
        return try await db.withSession { s in
            do {
                try s.execute("BEGIN")
                let found = try s.query("""
                    UPDATE inquiries SET status = 'answered', staff_answer = $2, answered_by = $3, answered_at = now()
                    WHERE contact_id = $1 AND status = 'waiting'
                    RETURNING (SELECT envelope::text FROM contacts WHERE id = $1) AS envelope
                    """, [contactID, text, user])
                guard found.count == 1, let envelope = found[0, "envelope"] else {
                    try s.execute("ROLLBACK")
                    return .notWaiting
                }
                var outcome = AnswerOutcome.storedOnly
                if let e = try? IntakeJSON.decode(EnrichedContact.self, from: Array(envelope.utf8)),
                   let reply = Self.reply(to: e.contact, text: text) {
                    let message = OutboxMessage(topic: topics.reply(channel: reply.channel), json: reply)
                    let insert = OutboxMessage.insert([message])
                    try s.query(insert.sql, insert.parameters)
                    outcome = .sent
                }
                try s.execute("COMMIT")
                return outcome
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The staff answer as a reply on the resident's channel, or nil when they left no way back.
    static func reply(to c: ContactEnvelope, text: String) -> ReplyMessage? {
        var to = c.sender
        var from = c.channelData["To"]?.stringValue ?? c.channelData["phone_number_id"]?.stringValue
        if c.channel == "chat" {
            // The web chat answers in its conversation, while the page is open.
            guard let conversation = c.conversation, conversation.hasPrefix("chat:") else { return nil }
            to = Sender(kind: .handle, address: String(conversation.dropFirst(5)))
            from = nil
        }
        guard to.address != nil else { return nil }
        return ReplyMessage(id: "staff-answer:\(c.id)", channel: c.channel, to: to, from: from, language: c.language, text: text,
                            caseRef: nil, contactID: c.id)
    }

    private func connect() async throws -> PostgresConnection {
        if let connection { return connection }
        let c = try await PostgresConnection.connect(url: databaseURL, applicationName: "intake-console-inquiries", logger: logger)
        connection = c
        return c
    }
}

extension StaffConsole {
    func addInquiryRoutes(to router: Router<BasicRequestContext>) {
        router.get("/console/inquiries") { request, _ in
            try await withSession(request) { session, _ in await inquiriesPage(session) }
        }
        router.post("/console/inquiries/:id/answer") { request, context in
            try await withSession(request, post: true) { session, form in
                await answerInquiry(context.parameters.get("id") ?? "", form: form, session)
            }
        }
    }

    func inquiriesPage(_ session: Session, notice: String? = nil) async -> Response {
        let e = ConsolePage.escape
        let list: [ConsoleInquiries.Waiting]
        do {
            list = try await inquiries.waiting()
        } catch {
            logger.error("staff console: inquiries not read: \(error)")
            return ConsolePage.response(ConsolePage.page("Inquiries waiting", user: session.user, csrf: session.csrf,
                                                         "<p class=\"error\">The database is not reachable.</p>"), status: .serviceUnavailable)
        }
        var body = notice.map { "<p class=\"notice\" id=\"notice\">\(e($0))</p>" } ?? ""
        body += "<p>Questions from residents that no entry of the answers file answered. Each resident was told a person will answer.</p>"
        if list.isEmpty { body += "<p id=\"none\">No inquiry is waiting.</p>" }
        body += "<table id=\"inquiries\"><tr><th>Received</th><th>Channel</th><th>Question</th><th>Answer</th></tr>"
        for w in list {
            body += """
                <tr class="inquiry" data-contact="\(e(w.contactID))"><td>\(e(w.receivedAt))</td><td>\(e(w.channel)) (\(e(w.language)))</td>
                <td>\(e(w.text))\(w.place.map { "<br><small>\(e($0))</small>" } ?? "")</td>
                <td><form method="post" action="/console/inquiries/\(e(w.contactID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "+", "#", "?"]))))/answer">
                \(ConsolePage.csrfField(session.csrf))<textarea name="answer" required></textarea><button>Send answer</button></form></td></tr>
                """
        }
        body += "</table>"
        return ConsolePage.response(ConsolePage.page("Inquiries waiting", user: session.user, csrf: session.csrf, body))
    }

    func answerInquiry(_ id: String, form: [String: String], _ session: Session) async -> Response {
        let text = (form["answer"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty, id.count <= 300, !text.isEmpty, text.count <= 1600 else {
            return await inquiriesPage(session, notice: "Write an answer (at most 1600 characters).")
        }
        do {
            switch try await inquiries.answer(contactID: id, text: text, by: session.user) {
            case .sent:
                logger.notice("staff console: inquiry answered", metadata: ["contact": .string(id), "staff": .string(session.user)])
                return await inquiriesPage(session, notice: "Answer sent.")
            case .storedOnly:
                return await inquiriesPage(session, notice: "Answer stored; the resident left no way to reach them.")
            case .notWaiting:
                return await inquiriesPage(session, notice: "That inquiry is not waiting any more.")
            }
        } catch {
            logger.error("staff console: inquiry answer not stored: \(error)")
            return ConsolePage.response(ConsolePage.page("Inquiries waiting", user: session.user, csrf: session.csrf,
                                                         "<p class=\"error\">The answer was not stored; send it again.</p>"),
                                        status: .serviceUnavailable)
        }
    }
}
