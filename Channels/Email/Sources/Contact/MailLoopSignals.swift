/// Why a message must make no case and get no answer: mail from machines, not residents.
public enum MailLoopSignal: String, Sendable, Equatable {
    /// Auto-Submitted (RFC 3834), X-Autoreply, X-Autorespond: vacation notices and other robots.
    case autoReply = "auto_reply"
    /// Precedence bulk/junk/list, List-Id: mailing lists and newsletters.
    case bulk
    /// multipart/report, or from MAILER-DAEMON with an empty return path: delivery reports.
    case bounce
    /// From the centre's own address: our answer come back.
    case ownAddress = "own_address"

    /// The first reason `mail` must be ignored, or nil for a resident's mail.
    public static func detect(_ mail: ParsedMail, ownAddress: String?) -> MailLoopSignal? {
        let h = mail.headers
        if mail.mediaType == "multipart/report" { return .bounce }
        let from = mail.from?.address.lowercased() ?? ""
        let local = from.split(separator: "@").first.map(String.init) ?? ""
        if ["mailer-daemon", "postmaster"].contains(local) { return .bounce }
        if let rp = h.text("Return-Path"), rp.trimmingCharacters(in: .whitespaces) == "<>" { return .bounce }
        if let own = ownAddress, !own.isEmpty, mail.from?.sameMailbox(as: own) == true { return .ownAddress }
        if let auto = h.text("Auto-Submitted")?.lowercased(), !auto.hasPrefix("no") { return .autoReply }
        if h.has("X-Autoreply") || h.has("X-Autorespond") || h.has("X-Autoresponse") { return .autoReply }
        if let xaf = h.text("X-Auto-Response-Suppress")?.lowercased(), xaf.contains("all"), h.text("X-MS-Exchange-Generated-Message-Source") != nil {
            return .autoReply
        }
        if let p = h.text("Precedence")?.lowercased(), ["bulk", "junk", "list", "auto_reply"].contains(p) { return p == "auto_reply" ? .autoReply : .bulk }
        if h.has("List-Id") || h.has("List-Unsubscribe") { return .bulk }
        return nil
    }
}
