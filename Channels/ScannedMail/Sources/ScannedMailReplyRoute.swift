public import IntakeChannel
public import IntakeCore

extension ScannedMailChannelFactory {
    /// A letter to the return address; a letter without one cannot be answered.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard contact.sender.kind == .postal, let address = contact.sender.address, !address.isEmpty else { return nil }
        return ReplyRoute(channel: ScannedMailContact.channel, to: contact.sender)
    }
}
