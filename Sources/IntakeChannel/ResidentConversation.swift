public import Foundation
public import IntakeCore

/// The short conversation a case may need after it is filed, on a channel that holds one (SMS,
/// Telegram, WhatsApp): the resident is asked which problem it is when triage was unsure, and
/// whether the place is right when the geocoder was not sure of it (the receipt's `questions`). Their next text, if it answers, becomes a
/// follow-up contact of the case carrying the answer, which the enrich stage and the writer apply.
public struct ResidentConversation: Sendable {
    /// What a message turned out to be.
    public enum Turn: Sendable, Equatable {
        /// Not an answer: an ordinary report.
        case report
        /// An answer to a question about `caseRef`.
        case answered(caseRef: String, label: String?, kind: ResidentQuestion.Kind)
        /// "No" to the place asked about, without another one.
        case placeRefused(caseRef: String)
    }

    public let pending: PendingQuestions
    let templates: TemplateLibrary
    let channel: String

    public init(pending: PendingQuestions, templates: TemplateLibrary, channel: String) {
        self.pending = pending
        self.templates = templates
        self.channel = channel
    }

    /// The conversation of `channel`, its questions kept in `$INTAKE_DATA_DIR/questions/<channel>.json`.
    public init(channel: String, templates: TemplateLibrary, dataDirectory: String) throws {
        self.init(pending: try PendingQuestions(channel: channel, dataDirectory: dataDirectory), templates: templates, channel: channel)
    }

    /// Before the contact is stored: if it answers the question its sender was asked, it becomes a
    /// follow-up of that case with the answer (and, for a place, the place as its location).
    public func read(_ contact: inout ContactEnvelope, now: Date = Date()) -> Turn {
        guard let from = contact.sender.address, contact.caseRef == nil,
              let p = pending.pending(for: from, now: now), let question = p.current else { return .report }
        let reading = AnswerReader.read(contact.text, for: question)
        // The conversation stays in the language it started in ("no" alone reads as Spanish).
        if reading != .notAnAnswer { contact.language = p.language }
        switch reading {
        case .category(let id):
            contact.caseRef = p.caseRef
            contact.residentAnswer = .category(id)
            let label = (question.options + [question.other].compactMap { $0 }).first { $0.id == id }?.label
            return .answered(caseRef: p.caseRef, label: label, kind: .category)
        case .placeConfirmed:
            guard let place = question.place else { return .report }
            contact.caseRef = p.caseRef
            contact.residentAnswer = .place
            contact.location = Location(text: place.text, lat: place.lat, lon: place.lon, source: .resident)
            return .answered(caseRef: p.caseRef, label: nil, kind: .place)
        case .newAddress:
            contact.caseRef = p.caseRef
            contact.residentAnswer = .place
            contact.location = Location(text: AnswerReader.addressText(contact.text), source: .resident)
            return .answered(caseRef: p.caseRef, label: nil, kind: .place)
        case .placeRefused:
            contact.caseRef = p.caseRef
            return .placeRefused(caseRef: p.caseRef)
        case .notAnAnswer:
            // A new message, not an answer: the question is dropped rather than left to catch a later "1".
            pending.forget(from)
            return .report
        }
    }

    /// After the contact is stored: what to tell the resident about their answer (nil for a
    /// report), with the next question when there is one.
    public func reply(to turn: Turn, contact: ContactEnvelope, receipt: ReceiptBatch.Receipt?, now: Date = Date()) throws -> String? {
        guard let from = contact.sender.address else { return nil }
        switch turn {
        case .report:
            return nil
        case .placeRefused:
            return try templates.render(channel: channel, name: "ask-place-again", language: contact.language)
        case let .answered(ref, label, kind):
            var text: String
            if kind == .category {
                text = try templates.render(channel: channel, name: "answer-category", language: contact.language,
                                            ["ref": ref, "label": label ?? ""])
            } else {
                text = try templates.render(channel: channel, name: "answer-place", language: contact.language, ["ref": ref])
            }
            var next = pending.answered(from, now: now)
            // The place sent may itself be uncertain: the writer asks about it again.
            if kind == .place, let again = receipt?.questions.first(where: { $0.kind == .place }) {
                next = PendingQuestions.Pending(caseRef: ref, language: contact.language, questions: [again], askedAt: now)
                pending.ask(from, next!)
            }
            if let q = next?.current { text += "\n" + (try templates.render(q, channel: channel, language: contact.language)) }
            return text
        }
    }

    /// A receipt's questions about a new case: remembered for the sender, and the first one asked.
    public func ask(_ receipt: ReceiptBatch.Receipt, contact: ContactEnvelope, now: Date = Date()) throws -> String? {
        guard let from = contact.sender.address, !receipt.questions.isEmpty, receipt.outcome == .created else { return nil }
        let p = PendingQuestions.Pending(caseRef: receipt.caseRef, language: contact.language, questions: receipt.questions, askedAt: now)
        pending.ask(from, p)
        return try templates.render(receipt.questions[0], channel: channel, language: contact.language)
    }
}
