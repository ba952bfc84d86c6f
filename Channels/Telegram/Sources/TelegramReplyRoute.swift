public import IntakeChannel
public import IntakeCore

extension TelegramChannelFactory {
    /// A message to the chat the report came from.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard let chat = contact.sender.address, !chat.isEmpty else { return nil }
        return ReplyRoute(channel: TelegramContact.channel, to: Sender(kind: .handle, address: chat))
    }
}
