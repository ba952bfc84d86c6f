public import IntakeChannel
public import IntakeCore

extension EmailChannelFactory {
    /// A mail to the sender's address (the channel threads it under the resident's own mail by
    /// the contact id), with the email templates.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard let address = contact.sender.address, address.contains("@") else { return nil }
        return ReplyRoute(channel: EmailContact.channel, to: Sender(kind: .email, address: address, name: contact.sender.name),
                          templateFolder: "email")
    }
}
