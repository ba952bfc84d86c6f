public import IntakeChannel
public import IntakeCore

extension WebChatChannelFactory {
    /// The chat conversation the report came from (its id, not the resident, who is anonymous);
    /// the page hears it while the conversation is still open.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard let conversation = contact.conversation, conversation.hasPrefix("chat:"), conversation.count > 5 else { return nil }
        return ReplyRoute(channel: WebChatChannel.channelName, to: Sender(kind: .handle, address: String(conversation.dropFirst(5))))
    }
}
