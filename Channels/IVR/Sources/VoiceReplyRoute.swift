public import IntakeChannel
public import IntakeCore

extension VoiceChannelFactory {
    /// A caller is told by SMS (`reply/sms`, the SMS templates), at the number they called from,
    /// from the number they called; nothing when their number was withheld.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard contact.sender.kind == .phone, let number = contact.sender.address, !number.isEmpty else { return nil }
        return ReplyRoute(channel: "sms", to: Sender(kind: .phone, address: number), from: contact.channelData["To"]?.stringValue,
                          templateFolder: "sms")
    }
}
