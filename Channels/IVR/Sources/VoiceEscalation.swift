import Foundation
public import IntakeCore

/// The `escalation` message of a call handed to 911: the caller's number to call back, where they
/// said it is (if they got that far) and what they said.
public enum VoiceEscalation {
    public static func id(callSID: String) -> String { "escalation:voice:\(callSID)" }

    public static func message(for s: CallState) -> Escalation? {
        guard let e = s.escalation else { return nil }
        let location = (s.location ?? s.candidateLocation).map { Location(text: $0.text, source: .resident) }
        var said: [String] = []
        for text in [s.description?.text ?? s.descriptionGuess?.text, e.heard].compactMap({ $0 }) where !said.contains(text) {
            said.append(text)
        }
        return Escalation(id: id(callSID: s.callSID), contactID: nil, channel: VoiceContact.channel, reason: e.reason,
                          callback: s.caller, location: location, text: said.isEmpty ? nil : said.joined(separator: "\n"),
                          at: e.raisedAt)
    }
}
