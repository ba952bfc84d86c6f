import Foundation
import IntakeCore

/// At most `perHour` answers to one address in any hour, so that a resident's mail robot and our
/// answers can never ping-pong, whatever headers it forgets to set.
final class AnswerLimiter: Sendable {
    let perHour: Int
    private let sent = Locked<[String: [Date]]>([:])

    init(perHour: Int) {
        self.perHour = perHour
    }

    /// True, and counted, when one more answer to `address` is allowed now.
    func allow(_ address: String, now: Date = Date()) -> Bool {
        let key = address.lowercased()
        return sent.withLock { s in
            var recent = (s[key] ?? []).filter { now.timeIntervalSince($0) < 3600 }
            guard recent.count < perHour else {
                s[key] = recent
                return false
            }
            recent.append(now)
            s[key] = recent
            if s.count > 100_000 { s = s.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last!) < 3600 } }
            return true
        }
    }
}
