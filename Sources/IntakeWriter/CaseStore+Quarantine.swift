import Foundation
public import IntakeStore

/// Contacts PostgreSQL refuses however often they are tried: kept in `quarantine` with their
/// bytes and the error, so that nothing accepted is lost and nothing refused blocks the rest.
extension CaseStore {
    /// Stores (or counts again) a contact the writer gave up on.
    public func quarantine(_ incoming: Incoming, error: String, attempts: Int) async throws {
        let c = incoming.contact.contact
        // bytea in hex form: the envelope exactly as it came, whatever PostgreSQL thought of it as text.
        let hex = "\\x" + incoming.envelope.utf8.map { String(format: "%02x", $0) }.joined()
        try await db.query("""
            INSERT INTO quarantine (contact_id, adapter, channel, envelope, error, attempts)
            VALUES ($1, $2, $3, $4::bytea, $5, $6)
            ON CONFLICT (contact_id) DO UPDATE
            SET envelope = EXCLUDED.envelope, error = EXCLUDED.error,
                attempts = quarantine.attempts + EXCLUDED.attempts, last_failed_at = now()
            """, [Self.storable(c.id), Self.storable(c.adapter), Self.storable(c.channel), hex, Self.storable(error), String(attempts)])
    }

    /// Which of `ids` are already in quarantine (put there by this writer before a restart, or by another).
    public func quarantinedIDs(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.query("SELECT contact_id FROM quarantine WHERE contact_id = ANY($1::text[])",
                                      [PostgresArray.literal(ids.map(Self.storable))])
        return Set(rows.rows.compactMap { $0[0] })
    }

    /// Text PostgreSQL takes: no NUL (a C string would end there), no lone surrogates.
    static func storable(_ s: String) -> String {
        s.contains("\u{0}") ? s.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : s
    }
}
