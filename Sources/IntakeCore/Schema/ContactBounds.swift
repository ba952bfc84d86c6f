public import Foundation

/// What the `intake.contact/1` schema file cannot say, checked with it by the enrich stage: a
/// contact's `received_at` must fall in a sane window. Its year numbers the case (a contact dated
/// 9999 would open `TUC-9999-000001`), and its age decides near-duplicates.
///
/// The window: from 2000-01-01T00:00:00Z (before any 311 channel here existed) to one day after
/// now (clocks of providers and adapters drift, but not by a day). The schema file bounds the
/// rest: `text` at most 100,000 characters, `sender.address` 1,000, `sender.name` 500,
/// `location.text` 2,000, `conversation` and `external_id` 500, at most 50 attachments.
public enum ContactBounds {
    /// 2000-01-01T00:00:00Z.
    public static let earliest = Date(timeIntervalSince1970: 946_684_800)
    /// How far ahead of now a contact may be dated.
    public static let futureAllowance: TimeInterval = 86_400

    /// The reason and JSON Pointer of the first bound the contact breaks, or nil.
    public static func violation(_ contact: ContactEnvelope, now: Date = Date()) -> SchemaViolation? {
        let at = contact.receivedAt
        if at < earliest {
            return SchemaViolation(path: "/received_at", reason: "received_at \(RFC3339.string(from: at)) is before \(RFC3339.string(from: earliest))")
        }
        if at > now.addingTimeInterval(futureAllowance) {
            return SchemaViolation(path: "/received_at",
                                   reason: "received_at \(RFC3339.string(from: at)) is more than a day ahead of now (\(RFC3339.string(from: now)))")
        }
        return nil
    }
}
