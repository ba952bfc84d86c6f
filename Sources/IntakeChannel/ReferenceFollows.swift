public import IntakeCore

extension ReplyMessage {
    /// The message that tells a resident their case reference once the receipt has come, after
    /// they were answered without it. Its id is fixed per contact, so it is sent once however
    /// often the receipt arrives.
    /// The id of the reference-follows message of a contact.
    public static func referenceFollowsID(contactID: String) -> String { "ref:\(contactID)" }

    public static func referenceFollows(
        for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt, templates: TemplateLibrary, templateFolder: String,
        replyChannel: String, to: Sender, from: String?
    ) throws -> ReplyMessage {
        let text = try templates.render(channel: templateFolder, name: "reference-follows", language: contact.language,
                                        ["ref": receipt.caseRef, "linked": receipt.outcome == .linked])
        return ReplyMessage(id: referenceFollowsID(contactID: contact.id), channel: replyChannel, to: to, from: from, language: contact.language,
                            text: text, caseRef: receipt.caseRef, contactID: contact.id)
    }
}
