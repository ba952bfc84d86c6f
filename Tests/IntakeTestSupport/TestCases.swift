import IntakeStore
import Logging

extension TestStack {
    /// Migrates this test's database and inserts a case as the schema owner, as if it had been
    /// filed and then changed by a department (`status`, `status_note`).
    public func insertCase(_ ref: String, status: String = "open", category: String? = "pothole", note: String? = nil,
                           channel: String = "sms") async throws {
        let owner = try await ownerConnection()
        do {
            try await MigrationRunner(logger: Logger(label: "test")).migrate(owner)
            try await owner.query("""
                INSERT INTO cases (ref, channel, language, description, category, opened_at, status, status_note)
                VALUES ($1, $2, 'en', 'a report', $3, now(), $4, $5)
                """, [ref, channel, category, status, note])
        } catch {
            await owner.close()
            throw error
        }
        await owner.close()
    }
}
