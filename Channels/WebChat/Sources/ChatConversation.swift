import Foundation
import IntakeCore

/// One resident's conversation, as much as is needed to resume it: small and bounded.
///
/// The token is the page's secret (it resumes the conversation); the id is not secret and names
/// the conversation in contacts. What was sent is kept here until the report is filed, so a
/// dropped socket loses nothing; once filed, the contact is in the adapter's spool.
struct ChatConversation: Sendable {
    enum Step: String, Sendable {
        case whereStep = "where", what, photo, filing, done, question
    }

    let id: String
    let token: String
    var language: String
    var step: Step = .whereStep
    /// Reports filed so far; the next contact's id is `chat:<id>:<report>`.
    var report = 1
    var location: Location?
    var text: String?
    var attachment: Attachment?
    /// The report sounds like an emergency: answered with the 911 advice, not the thank-you.
    var emergency = false
    /// The last case filed in this conversation, and its reference once known.
    var filedContactID: String?
    var reference: String?
    /// Answers sent to questions about the case, for their contacts' ids.
    var answers = 0
    /// What the chat said last, shown again when the page resumes.
    var lastPrompt: ChatOutbound?
    /// Messages to deliver when the page next connects (the reference, if it came late).
    var outbox: [ChatOutbound] = []
    var lastSeen: Date
    /// When the current rate window began and how many messages it has seen.
    var windowStart: Date
    var windowCount = 0

    init(id: String, token: String, language: String, now: Date) {
        self.id = id
        self.token = token
        self.language = language
        lastSeen = now
        windowStart = now
    }

    var contactID: String { "chat:\(id):\(report)" }

    /// Starts another report; where and what are asked again.
    mutating func startOver() {
        report += 1
        step = .whereStep
        location = nil
        text = nil
        attachment = nil
        emergency = false
        filedContactID = nil
        reference = nil
        answers = 0
    }

    /// Counts one message against the rate; false once the minute's allowance is spent.
    mutating func admit(now: Date, perMinute: Int) -> Bool {
        if now.timeIntervalSince(windowStart) >= 60 {
            windowStart = now
            windowCount = 0
        }
        windowCount += 1
        return windowCount <= perMinute
    }
}
