public import IntakeChannel
public import IntakeCore

extension SMSChannelFactory {
    /// A text back to the resident's number, from the number they texted.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard let number = contact.sender.address, !number.isEmpty else { return nil }
        return ReplyRoute(channel: SMSContact.channel, to: Sender(kind: .phone, address: number),
                          from: contact.channelData["To"]?.stringValue)
    }
}
