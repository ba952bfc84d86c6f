public import IntakeChannel
public import IntakeCore

extension WhatsAppChannelFactory {
    /// A message to the resident's number from the business number (`phone_number_id`) they wrote to.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard let number = contact.sender.address, !number.isEmpty,
              let from = contact.channelData["phone_number_id"]?.stringValue else { return nil }
        return ReplyRoute(channel: WhatsAppContact.channel, to: Sender(kind: .phone, address: number), from: from)
    }
}
