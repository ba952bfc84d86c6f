/// What a contact is: a report of a problem (a service request, which becomes or joins a case) or
/// a question (an inquiry, answered from the city's answers file and never a case).
public enum ContactKind: String, Sendable, CaseIterable {
    case request
    case inquiry
}

/// The enrich stage's word that a contact is a question, and what it was answered.
///
/// `answerID` names the entry of the answers file that answered it; nil means no entry answered
/// with confidence, so the resident was told a person will answer and the inquiry waits for staff.
public struct InquiryVerdict: Sendable, Equatable {
    public var answerID: String?
    /// What the resident is sent, in their language (the entry's answer, or the staff-will-answer text).
    public var reply: String
    /// The language of `reply`.
    public var language: String
    /// How strongly the words matched the entry (0 when none did), for the operator.
    public var score: Double

    public init(answerID: String?, reply: String, language: String, score: Double = 0) {
        self.answerID = answerID
        self.reply = reply
        self.language = language
        self.score = score
    }

    /// No entry answered: a person in the staff console will.
    public var waitsForStaff: Bool { answerID == nil }
}

extension EnrichedContact {
    /// `inquiry` when the enrich stage took the contact for a question, else `request`.
    public var kind: ContactKind { inquiry == nil ? .request : .inquiry }
}

extension InquiryVerdict: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("answer_id", answerID)
            w.field("reply", reply)
            w.field("language", language)
            w.field("score", score)
        }
    }
}

extension InquiryVerdict: JSONFieldsReadable {
    init(fields f: JSONFields) throws(EnvelopeError) {
        self.init(answerID: try f.optionalString("answer_id"), reply: try f.string("reply"), language: try f.string("language"),
                  score: try f.optionalDouble("score") ?? 0)
    }
}

extension ContactEnvelope {
    /// `channel_data` key a channel sets to `true` when the resident chose to ask a question (the
    /// IVR's "for information, press 3"): the enrich stage then takes the contact for an inquiry.
    public static let askedAsQuestionKey = "asked_as_question"
}
