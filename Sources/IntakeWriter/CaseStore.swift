public import Foundation
public import IntakeCore
public import IntakeStore

/// The case writer's SQL: one transaction per batch, a handful of statements whatever its size
/// (rows travel as one JSON array per statement and are unpacked by `jsonb_to_recordset`).
public struct CaseStore: Sendable {
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

    public init(db: PostgresConnection, caseReferencePrefix: String, timeZone: TimeZone) {
        self.db = db
        self.prefix = caseReferencePrefix
        self.timeZone = timeZone
    }

    /// Stores the batch: the same contact twice is one row, whatever the batch or the moment.
    public func write(_ batch: [EnrichedContact]) async throws -> [Written] {
        let prefix = self.prefix
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let cal = calendar
        return try await db.transaction { s in
            let ids = batch.map(\.contact.id)
            // Serialises writers that hold the same contact (two instances, a republish), so the
            // check below cannot race an insert.
            try s.query("""
                SELECT count(pg_advisory_xact_lock(k))
                FROM (SELECT DISTINCT hashtextextended(id, 311) AS k FROM unnest($1::text[]) AS id ORDER BY 1) AS keys
                """, [PostgresArray.literal(ids)])
            let storedRows = try s.query("SELECT id, case_ref, revision FROM contacts WHERE id = ANY($1::text[])", [PostgresArray.literal(ids)])
            var stored: [String: (ref: String, revision: Int)] = [:]
            for r in storedRows.rows {
                if let id = r[0], let ref = r[1] { stored[id] = (ref, r[2].flatMap(Int.init) ?? 1) }
            }
            let named = BatchPlan.namedRefs(batch)
            var existing = Set<String>()
            if !named.isEmpty {
                let rows = try s.query("SELECT ref FROM cases WHERE ref = ANY($1::text[])", [PostgresArray.literal(named)])
                existing = Set(rows.rows.compactMap { $0[0] })
            }
            let plan = BatchPlan(contacts: batch, stored: stored, existingRefs: existing) {
                cal.component(.year, from: $0.contact.receivedAt)
            }
            var lastValues: [Int: Int] = [:]
            for (year, count) in plan.newCasesPerYear.sorted(by: { $0.key < $1.key }) {
                let r = try s.query("""
                    INSERT INTO case_counters (prefix, year, last_value) VALUES ($1, $2, $3)
                    ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_counters.last_value + EXCLUDED.last_value
                    RETURNING last_value
                    """, [prefix, String(year), String(count)])
                lastValues[year] = r[0, "last_value"].flatMap(Int.init)
            }
            let newRefs = plan.references(prefix: prefix, lastValues: lastValues)

            var written: [Written] = []
            var cases: [CaseRow] = []
            var contacts: [ContactRow] = []
            var updates: [ContactRow] = []
            var links: [String: Int] = [:]
            var events: [EventRow] = []
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
                    updates.append(try ContactRow(e, caseRef: ref))
                    events.append(EventRow(case_ref: ref, kind: CaseEvent.Kind.contactUpdated.rawValue, contact_id: e.contact.id))
                    written.append(Written(contact: e, caseRef: ref, outcome: .updated, revision: revision))
                case .link(let ref):
                    contacts.append(try ContactRow(e, caseRef: ref))
                    links[ref, default: 0] += 1
                    events.append(EventRow(case_ref: ref, kind: CaseEvent.Kind.contactLinked.rawValue, contact_id: e.contact.id))
                    written.append(Written(contact: e, caseRef: ref, outcome: .linked, revision: revision))
                case .create(_, let duplicateOf):
                    let ref = newRefs[i]!
                    cases.append(CaseRow(e, ref: ref, possibleDuplicateOf: duplicateOf))
                    contacts.append(try ContactRow(e, caseRef: ref))
                    events.append(EventRow(case_ref: ref, kind: CaseEvent.Kind.created.rawValue, contact_id: e.contact.id))
                    written.append(Written(contact: e, caseRef: ref, outcome: .created, revision: revision, possibleDuplicateOf: duplicateOf))
                }
            }
            if !cases.isEmpty {
                try s.query("""
                    INSERT INTO cases (ref, channel, language, description, location_text, lat, lon, geo_method, geo_confidence,
                                       category, priority, emergency, referral, jurisdiction, ward, neighborhood,
                                       possible_duplicate_of, opened_at)
                    SELECT ref, channel, language, description, location_text, lat, lon, geo_method, geo_confidence,
                           category, priority, coalesce(emergency, false), referral, jurisdiction, ward, neighborhood,
                           possible_duplicate_of, opened_at
                    FROM jsonb_to_recordset($1::jsonb) AS x(
                        ref text, channel text, language text, description text, location_text text, lat float8, lon float8,
                        geo_method text, geo_confidence float8, category text, priority text, emergency boolean, referral text,
                        jurisdiction text, ward text, neighborhood text, possible_duplicate_of text, opened_at timestamptz)
                    """, [try Self.json(cases)])
            }
            if !contacts.isEmpty {
                try s.query("""
                    INSERT INTO contacts (id, revision, case_ref, channel, adapter, external_id, received_at, sender_kind,
                                          sender_address, sender_name, language, text, dedup_verdict, envelope)
                    SELECT id, revision, case_ref, channel, adapter, external_id, received_at, sender_kind,
                           sender_address, sender_name, language, text, dedup_verdict, envelope::jsonb
                    FROM jsonb_to_recordset($1::jsonb) AS x(
                        id text, revision integer, case_ref text, channel text, adapter text, external_id text,
                        received_at timestamptz, sender_kind text, sender_address text, sender_name text, language text,
                        text text, dedup_verdict text, envelope text)
                    """, [try Self.json(contacts)])
            }
            if !updates.isEmpty {
                try s.query("""
                    UPDATE contacts SET revision = x.revision, text = x.text, envelope = x.envelope::jsonb, updated_at = now()
                    FROM jsonb_to_recordset($1::jsonb) AS x(id text, revision integer, text text, envelope text)
                    WHERE contacts.id = x.id AND contacts.revision < x.revision
                    """, [try Self.json(updates)])
            }
            if !links.isEmpty {
                try s.query("""
                    UPDATE cases SET contact_count = cases.contact_count + x.n, updated_at = now()
                    FROM jsonb_to_recordset($1::jsonb) AS x(ref text, n integer) WHERE cases.ref = x.ref
                    """, [try Self.json(links.map { LinkRow(ref: $0.key, n: $0.value) })])
            }
            if !events.isEmpty {
                try s.query("""
                    INSERT INTO case_events (case_ref, kind, contact_id)
                    SELECT case_ref, kind, contact_id FROM jsonb_to_recordset($1::jsonb) AS x(case_ref text, kind text, contact_id text)
                    """, [try Self.json(events)])
            }
            return written
        }
    }

    static func json(_ rows: some Encodable) throws -> String {
        String(decoding: try IntakeJSON.encode(rows), as: UTF8.self)
    }
}

// Row shapes for jsonb_to_recordset: property names are the column names.

struct CaseRow: Encodable {
    var ref, channel, language, description: String
    var location_text: String?
    var lat, lon: Double?
    var geo_method: String?
    var geo_confidence: Double?
    var category, priority: String?
    var emergency: Bool
    var referral, jurisdiction, ward, neighborhood, possible_duplicate_of: String?
    var opened_at: Date

    init(_ e: EnrichedContact, ref: String, possibleDuplicateOf: String?) {
        self.ref = ref
        channel = e.contact.channel
        language = e.contact.language
        description = e.contact.text
        location_text = e.contact.location?.text
        lat = e.geo?.lat ?? e.contact.location?.lat
        lon = e.geo?.lon ?? e.contact.location?.lon
        geo_method = e.geo?.method.rawValue
        geo_confidence = e.geo?.confidence
        category = e.triage?.category
        priority = e.triage?.priority.rawValue
        emergency = e.triage?.emergency ?? false
        referral = e.triage?.referral
        jurisdiction = e.geo?.jurisdiction
        ward = e.geo?.ward
        neighborhood = e.geo?.neighborhood
        possible_duplicate_of = possibleDuplicateOf
        opened_at = e.contact.receivedAt
    }
}

struct ContactRow: Encodable {
    var id: String
    var revision: Int
    var case_ref, channel, adapter: String
    var external_id: String?
    var received_at: Date
    var sender_kind: String
    var sender_address, sender_name: String?
    var language, text, dedup_verdict, envelope: String

    init(_ e: EnrichedContact, caseRef: String) throws {
        let c = e.contact
        id = c.id
        revision = c.revision
        case_ref = caseRef
        channel = c.channel
        adapter = c.adapter
        external_id = c.externalID
        received_at = c.receivedAt
        sender_kind = c.sender.kind.rawValue
        sender_address = c.sender.address
        sender_name = c.sender.name
        language = c.language
        text = c.text
        dedup_verdict = e.dedup.verdict.rawValue
        envelope = String(decoding: try IntakeJSON.encode(e), as: UTF8.self)
    }
}

struct LinkRow: Encodable {
    var ref: String
    var n: Int
}

struct EventRow: Encodable {
    var case_ref, kind, contact_id: String
}
