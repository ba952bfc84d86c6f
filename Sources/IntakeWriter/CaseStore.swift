public import Foundation
public import IntakeCore
public import IntakeStore
public import IntakeTriage
import IntakeLocate

/// The case writer's SQL: one transaction per batch, a handful of statements whatever its size
/// (rows travel as one JSON array per statement and are unpacked by `jsonb_to_recordset`).
public struct CaseStore: Sendable {
    /// An enriched contact as it came off the bus: decoded, and its bytes, stored as they are.
    public struct Incoming: Sendable {
        public var contact: EnrichedContact
        public var envelope: String

        public init(contact: EnrichedContact, envelope: String) {
            self.contact = contact
            self.envelope = envelope
        }

        public init(_ contact: EnrichedContact) throws {
            self.init(contact: contact, envelope: String(decoding: IntakeJSON.encode(contact), as: UTF8.self))
        }
    }

    public struct Written: Sendable {
        public var contact: EnrichedContact
        public var caseRef: String
        public var outcome: ReceiptBatch.Receipt.Outcome
        /// The revision now stored for the contact.
        public var revision: Int
        public var possibleDuplicateOf: String?
    }

    let db: PostgresConnection
    let prefix: String
    let timeZone: TimeZone
    /// The city's rules, for the near-duplicate check under lock; nil writes without it.
    let triage: TriageEngine?

    public init(db: PostgresConnection, caseReferencePrefix: String, timeZone: TimeZone, triage: TriageEngine?) {
        self.db = db
        self.prefix = caseReferencePrefix
        self.timeZone = timeZone
        self.triage = triage
    }

    /// Stores the batch: the same contact twice is one row, whatever the batch or the moment.
    ///
    /// Three round trips whatever the batch's size (libpq pipeline mode): what is there already
    /// (under locks), the case numbers, then every row and the commit.
    ///
    /// `events` gives the bus messages of what was written (case events); they are inserted into
    /// the outbox in the same transaction, and `OutboxRelay` publishes them after the commit.
    public func write(_ incoming: [Incoming],
                      events: @escaping @Sendable ([Written]) -> [OutboxMessage] = { _ in [] }) async throws -> [Written] {
        // Questions open no case: stored apart (`writeInquiries`), the requests as before.
        if incoming.contains(where: { $0.contact.inquiry != nil }) {
            let asked = try await writeInquiries(incoming.filter { $0.contact.inquiry != nil })
            let requests = incoming.filter { $0.contact.inquiry == nil }
            return asked + (requests.isEmpty ? [] : try await write(requests, events: events))
        }
        let batch = incoming.map(\.contact)
        let envelopes = incoming.map(\.envelope)
        let prefix = self.prefix
        let triage = self.triage
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let cal = calendar
        return try await db.withSession { s in
            do {
                let written = try Self.write(batch, envelopes: envelopes, prefix: prefix, calendar: cal, triage: triage, events: events,
                                             session: s)
                return written
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw error
            }
        }
    }

    private static func write(_ batch: [EnrichedContact], envelopes: [String], prefix: String, calendar: Calendar,
                              triage: TriageEngine?, events outbox: ([Written]) -> [OutboxMessage],
                              session s: PostgresSession) throws -> [Written] {
        // 1. Lock the contacts' ids (two writers holding one contact wait for each other), then the
        //    places of new located reports (see `nearDuplicateQuestions`), and read what exists.
        let ids = PostgresArray.literal(batch.map(\.contact.id))
        let questions = triage.map { nearDuplicateQuestions(batch, triage: $0) } ?? [:]
        var cellKeys = Set<Int64>()
        for q in questions.values {
            cellKeys.formUnion(DuplicateMatcher.lockKeys(category: q.query.category, point: q.query.point, radiusM: q.parameters.radiusM))
        }
        let boxes = CandidateSearch.rows(questions.sorted { $0.key < $1.key }.map(\.value))
        var first: [(sql: String, parameters: [String?])] = [
            ("BEGIN", []),
            ("""
             SELECT count(pg_advisory_xact_lock(311, k))
             FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS id ORDER BY 1) AS keys
             """, [ids]),
            ("SELECT id, case_ref, revision FROM contacts WHERE id = ANY($1::text[])", [ids]),
            ("SELECT ref, category, jurisdiction FROM cases WHERE ref = ANY($1::text[])", [PostgresArray.literal(BatchPlan.namedRefs(batch))]),
        ]
        if !questions.isEmpty {
            first.append(("SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS keys",
                          [PostgresArray.literal(cellKeys.sorted().map(String.init))]))
            // At most `CandidateSearch.perCell` per cell, newest first, however many share a place.
            first.append((CandidateSearch.sql(boxes), boxes.parameters))
        }
        // Surges: their ids locked, and the open cases of those already filed (see `SurgeCases`).
        let surgeIDs = SurgeCases.ids(batch)
        if !surgeIDs.isEmpty { first += SurgeCases.lookup(surgeIDs) }
        let found = try s.pipeline(first)
        var stored: [String: (ref: String, revision: Int)] = [:]
        for r in found[2].rows {
            if let id = r[0], let ref = r[1] { stored[id] = (ref, r[2].flatMap(Int.init) ?? 1) }
        }
        let existing = Set(found[3].rows.compactMap { $0[0] })
        var facts: [String: CaseAnswers.CaseFacts] = [:]
        for r in found[3].rows { if let ref = r[0] { facts[ref] = .init(category: r[1], jurisdiction: r[2]) } }
        var answers = CaseAnswers()
        var plan = BatchPlan(contacts: batch, stored: stored, existingRefs: existing) { calendar.component(.year, from: $0.contact.receivedAt) }
        if !questions.isEmpty {
            let open = found[5].rows.compactMap { r -> OpenCase? in
                guard let triage else { return nil }
                guard let ref = r[0], let category = r[1], let lat = r[2].flatMap(Double.init), let lon = r[3].flatMap(Double.init),
                      let opened = r[4].flatMap(Double.init) else { return nil }
                return OpenCase(ref: ref, category: category, point: GeoPoint(lat: lat, lon: lon),
                                openedAt: Date(timeIntervalSince1970: opened),
                                signature: triage.duplicateSignature(text: r[5] ?? "", place: r[6]))
            }
            plan.dispositions = NearDuplicates.resolve(plan.dispositions, questions: questions, openCases: open)
        }
        var surges = SurgeCases.Resolution(dispositions: plan.dispositions, newSurges: [:])
        if !surgeIDs.isEmpty {
            surges = SurgeCases.resolve(plan.dispositions, contacts: batch, surgeCases: SurgeCases.stored(found[found.count - 1]))
            plan.dispositions = surges.dispositions
        }

        // 2. A block of case numbers per year.
        let years = plan.newCasesPerYear.sorted(by: { $0.key < $1.key })
        let counters = try s.pipeline(years.map { year, count in
            // Only through the function: the writer's role may not set the counter itself.
            ("SELECT next_case_number($1, $2, $3) AS last_value", [prefix, String(year), String(count)])
        })
        var lastValues: [Int: Int] = [:]
        for (i, (year, _)) in years.enumerated() { lastValues[year] = counters[i][0, "last_value"].flatMap(Int.init) }
        let newRefs = plan.references(prefix: prefix, lastValues: lastValues)

        // 3. Every row, then the commit.
        var written: [Written] = []
        var cases = ColumnArrays(CaseColumns.columns)
        var contacts = ColumnArrays(ContactColumns.columns)
        var updates = ColumnArrays(["id": "text", "revision": "integer", "text": "text", "envelope": "jsonb"])
        var links: [String: Int] = [:]
        var events = ColumnArrays(["case_ref": "text", "kind": "text", "contact_id": "text"])
        for (i, d) in plan.dispositions.enumerated() {
            let e = batch[i]
            let revision = e.contact.revision
            switch d {
            case let .alreadyStored(ref, storedRevision):
                written.append(Written(contact: e, caseRef: ref, outcome: .alreadyStored, revision: storedRevision))
            case .repeatInBatch(let first):
                var w = written[first]
                w.contact = e
                w.outcome = .alreadyStored
                written.append(w)
            case .update(let ref):
                updates.append([e.contact.id, String(revision), e.contact.text, envelopes[i]])
                events.append([ref, CaseEvent.Kind.contactUpdated.rawValue, e.contact.id])
                written.append(Written(contact: e, caseRef: ref, outcome: .updated, revision: revision))
            case .link, .linkToBatch:
                let ref: String
                if case .link(let r) = d { ref = r } else if case .linkToBatch(let j) = d { ref = newRefs[j]! } else { continue }
                if case .link = d { answers.add(e, ref: ref, facts: facts[ref], triage: triage) }
                contacts.append(ContactColumns.row(e, caseRef: ref, envelope: envelopes[i]))
                links[ref, default: 0] += 1
                events.append([ref, CaseEvent.Kind.contactLinked.rawValue, e.contact.id])
                written.append(Written(contact: e, caseRef: ref, outcome: .linked, revision: revision))
            case .create(_, let flagged):
                let ref = newRefs[i]!
                let duplicateOf = BatchPlan.resolve(flagged, newRefs: newRefs)
                cases.append(CaseColumns.row(e, ref: ref, possibleDuplicateOf: duplicateOf))
                contacts.append(ContactColumns.row(e, caseRef: ref, envelope: envelopes[i]))
                events.append([ref, CaseEvent.Kind.created.rawValue, e.contact.id])
                written.append(Written(contact: e, caseRef: ref, outcome: .created, revision: revision, possibleDuplicateOf: duplicateOf))
            }
        }
        var last: [(sql: String, parameters: [String?])] = []
        if !cases.isEmpty {
            last.append(("INSERT INTO cases (\(cases.names.joined(separator: ", "))) SELECT * FROM \(cases.unnest())", cases.parameters))
        }
        last += answers.statements
        if let insert = SurgeCases.insert(surges.newSurges, batch: batch, newRefs: newRefs) { last.append(insert) }
        if !contacts.isEmpty {
            last.append(("INSERT INTO contacts (\(contacts.names.joined(separator: ", "))) SELECT * FROM \(contacts.unnest())",
                         contacts.parameters))
        }
        if !updates.isEmpty {
            last.append(("""
                UPDATE contacts SET revision = x.revision, text = x.text, envelope = x.envelope, updated_at = now()
                FROM \(updates.unnest()) WHERE contacts.id = x.id AND contacts.revision < x.revision
                """, updates.parameters))
        }
        if !links.isEmpty {
            var counts = ColumnArrays(["ref": "text", "n": "integer"])
            for (ref, n) in links.sorted(by: { $0.key < $1.key }) { counts.append([ref, String(n)]) }
            last.append(("""
                UPDATE cases SET contact_count = cases.contact_count + x.n, updated_at = now()
                FROM \(counts.unnest()) WHERE cases.ref = x.ref
                """, counts.parameters))
        }
        if !events.isEmpty {
            last.append(("INSERT INTO case_events (case_ref, kind, contact_id) SELECT * FROM \(events.unnest())", events.parameters))
        }
        let messages = outbox(written)
        if !messages.isEmpty { last.append(OutboxMessage.insert(messages)) }
        last.append(("COMMIT", []))
        _ = try s.pipeline(last)
        return written
    }

    /// The near-duplicate questions of the batch's located, mergeable reports that do not name a case.
    static func nearDuplicateQuestions(_ batch: [EnrichedContact], triage: TriageEngine) -> [Int: NearDuplicates.Question] {
        var questions: [Int: NearDuplicates.Question] = [:]
        for (i, e) in batch.enumerated() where e.contact.caseRef == nil {
            guard let q = triage.duplicateQuery(for: e.contact, geo: e.geo, triage: e.triage) else { continue }
            questions[i] = NearDuplicates.Question(query: q, parameters: triage.dedupParameters(for: q.category))
        }
        return questions
    }
}

// Row shapes: column names and types, and a row's values in text form.

enum CaseColumns {
    static let columns: KeyValuePairs<String, String> = [
        "ref": "text", "channel": "text", "language": "text", "description": "text", "location_text": "text",
        "lat": "float8", "lon": "float8", "geo_method": "text", "geo_confidence": "float8", "category": "text",
        "priority": "text", "emergency": "boolean", "referral": "text", "routed_to": "text", "jurisdiction": "text",
        "ward": "text", "neighborhood": "text", "possible_duplicate_of": "text", "opened_at": "timestamptz",
        "needs_review": "boolean", "triage_candidates": "jsonb", "emergency_tier": "text",
    ]

    static func row(_ e: EnrichedContact, ref: String, possibleDuplicateOf: String?) -> [String?] {
        let c = e.contact
        return [
            ref, c.channel, c.language, c.text, c.location?.text,
            (e.geo?.lat ?? c.location?.lat).map { String($0) }, (e.geo?.lon ?? c.location?.lon).map { String($0) },
            e.geo?.method.rawValue, e.geo.map { String($0.confidence) }, e.triage?.category,
            e.triage?.priority.rawValue, (e.triage?.emergency ?? false) ? "t" : "f", e.triage?.referral, e.triage?.routedTo,
            e.geo?.jurisdiction, e.geo?.ward, e.geo?.neighborhood, possibleDuplicateOf, RFC3339.string(from: c.receivedAt),
            (e.triage?.needsReview ?? false) ? "t" : "f", e.triage.flatMap(candidatesJSON), e.triage?.emergencyTier?.rawValue,
        ]
    }

    /// `[{"category": …, "score": …}]`, or nil when there are none.
    static func candidatesJSON(_ t: TriageResult) -> String? {
        guard !t.candidates.isEmpty else { return nil }
        var w = JSONWriter(capacity: 64 * t.candidates.count)
        w.array(t.candidates) { w, c in
            w.object { w in
                w.field("category", c.category)
                w.field("score", c.score)
            }
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

enum ContactColumns {
    static let columns: KeyValuePairs<String, String> = [
        "id": "text", "revision": "integer", "case_ref": "text", "channel": "text", "adapter": "text", "external_id": "text",
        "received_at": "timestamptz", "sender_kind": "text", "sender_address": "text", "sender_name": "text",
        "language": "text", "text": "text", "dedup_verdict": "text", "envelope": "jsonb",
    ]

    static func row(_ e: EnrichedContact, caseRef: String?, envelope: String) -> [String?] {
        let c = e.contact
        return [
            c.id, String(c.revision), caseRef, c.channel, c.adapter, c.externalID, RFC3339.string(from: c.receivedAt),
            c.sender.kind.rawValue, c.sender.address, c.sender.name, c.language, c.text, e.dedup.verdict.rawValue, envelope,
        ]
    }
}
