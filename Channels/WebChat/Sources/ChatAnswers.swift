import Foundation
import IntakeChannel
import IntakeCore

/// Answers to the questions the writer asked about a new case (which problem, which place), read
/// as SMS reads them (`AnswerReader`); an answer becomes a follow-up contact of the case carrying
/// `channel_data.answer`, which the enrich stage and the writer apply.
extension WebChatChannel {
    func answer(_ text: String, token: String) async -> [ChatOutbound] {
        guard let c = conversations.update(token, { $0 }),
              let p = questionsAsked.pending(for: c.id), let question = p.current else {
            conversations.update(token) { $0.step = .done }
            return [say("ask-where", "en", step: "done")]
        }
        let n = (conversations.update(token) { c -> Int in c.answers += 1; return c.answers }) ?? 1
        var contact = ContactEnvelope(
            id: "\(c.contactID):answer\(n)", channel: channel, adapter: WebChatChannel.adapterName, externalID: "\(c.contactID):answer\(n)",
            sender: Sender(kind: .anonymous, address: nil), conversation: "chat:\(c.id)",
            caseRef: p.caseRef, language: p.language, text: text)
        var label: String?
        switch AnswerReader.read(text, for: question) {
        case .category(let id):
            contact.residentAnswer = .category(id)
            label = (question.options + [question.other].compactMap { $0 }).first { $0.id == id }?.label
        case .placeConfirmed:
            guard let place = question.place else { return [notNow(c), ask(question, language: p.language)] }
            contact.residentAnswer = .place
            contact.location = Location(text: place.text, lat: place.lat, lon: place.lon, source: .resident)
        case .newAddress:
            contact.residentAnswer = .place
            contact.location = Location(text: AnswerReader.addressText(text), source: .resident)
        case .placeRefused:
            return [say("ask-place-again", p.language, step: "question")]
        case .notAnAnswer:
            return [notNow(c), ask(question, language: p.language)]
        }
        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact)
        } catch {
            logger.error("could not spool chat answer \(contact.id): \(error)")
            return [say("failed", p.language, step: "question", kind: .error, code: "not_stored")]
        }
        var out: [ChatOutbound]
        if question.kind == .category {
            out = [say("answer-category", p.language, step: "question", values: ["ref": p.caseRef, "label": label ?? ""])]
        } else {
            out = [say("answer-place", p.language, step: "question", values: ["ref": p.caseRef])]
        }
        var next = questionsAsked.answered(c.id)
        // The place sent may itself be uncertain: the writer asks about it again.
        if question.kind == .place, let again = submission.receipt?.questions.first(where: { $0.kind == .place }) {
            next = PendingQuestions.Pending(caseRef: p.caseRef, language: p.language, questions: [again], askedAt: Date())
            questionsAsked.ask(c.id, next!)
        }
        if let q = next?.current {
            out.append(ask(q, language: p.language))
        } else {
            conversations.update(token) { $0.step = .done }
            out[out.count - 1].step = "done"
        }
        return out
    }
}
