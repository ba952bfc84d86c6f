public import IntakeCore

extension ReplyMessage {
    /// The message for a receipt owed after the webhook answered: for a question (the receipt
    /// carries its `inquiry`), the answer itself instead of a case reference.
    public func answering(_ receipt: ReceiptBatch.Receipt) -> ReplyMessage {
        guard let inquiry = receipt.inquiry else { return self }
        var reply = self
        reply.text = inquiry.reply
        reply.language = inquiry.language
        reply.caseRef = nil
        return reply
    }
}

extension ReceiptBatch.Receipt {
    /// What the resident is sent at once for a question: its answer, or that a person will answer.
    public var inquiryReply: String? { inquiry?.reply }
}
