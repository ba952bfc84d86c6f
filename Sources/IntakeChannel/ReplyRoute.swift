public import IntakeCore

/// How to reach the resident behind a stored contact, decided from the contact alone (no running
/// adapter needed): the case's notices are written by the writer's process, which runs no channel.
public struct ReplyRoute: Sendable, Equatable {
    /// The reply topic's channel: `reply/{channel}` (a call is answered on `sms`).
    public var channel: String
    public var to: Sender
    /// The number or account the resident wrote to, where the sending channel needs it.
    public var from: String?
    /// The folder under `Templates/` the notice's text comes from.
    public var templateFolder: String

    public init(channel: String, to: Sender, from: String? = nil, templateFolder: String? = nil) {
        self.channel = channel
        self.to = to
        self.from = from
        self.templateFolder = templateFolder ?? channel
    }
}

extension ChannelFactory {
    /// The same channel, to the contact's sender, with the channel's own templates; nil when the
    /// sender left no address (an anonymous report cannot be told anything).
    public func replyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        defaultReplyRoute(for: contact)
    }

    public func defaultReplyRoute(for contact: ContactEnvelope) -> ReplyRoute? {
        guard contact.sender.kind != .anonymous, let address = contact.sender.address, !address.isEmpty else { return nil }
        return ReplyRoute(channel: name, to: Sender(kind: contact.sender.kind, address: address, name: contact.sender.name))
    }
}
