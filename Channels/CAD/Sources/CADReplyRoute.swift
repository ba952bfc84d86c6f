public import IntakeChannel
public import IntakeCore

extension CADChannelFactory {
    /// A resident whose call 911 handed to 311 is told by SMS (the SMS templates) at the callback
    /// number the CAD gave, from the account's default number; nothing without a callback.
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard contact.sender.kind == .phone, let number = contact.sender.address, !number.isEmpty else { return nil }
        return ReplyRoute(channel: "sms", to: Sender(kind: .phone, address: number), templateFolder: "sms")
    }
}
