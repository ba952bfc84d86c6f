import Foundation
import IntakeChannel
import IntakeCore

/// What the chat answers to each frame of a conversation: where first, then what, an optional
/// photo, then the report is filed and its reference shown; questions about the case after that.
extension WebChatChannel {
    /// Handles one frame of the conversation `token`; returns the frames to send back.
    func handle(_ frame: ChatFrame, token: String, now: Date = Date()) async -> [ChatOutbound] {
        guard let c = conversations.update(token, now: now, { $0 }) else {
            return [refusal("expired", "this conversation has expired; reload the page to start again")]
        }
        guard conversations.update(token, now: now, { $0.admit(now: now, perMinute: settings.messagesPerMinute) }) == true else {
            return [say("slow-down", c.language, step: nil, kind: .error, code: "rate_limited")]
        }
        let lang = c.language
        switch frame {
        case .hello:
            return [refusal("malformed", "hello is only the first frame")]
        case .language(let l):
            let language = LanguageGuess.supported(l)
            conversations.update(token) { $0.language = language }
            return [prompt(for: c.step, language: language, token: token)]
        case .whereText(let text):
            if let request = typedStatusRequest(text), let ref = request.ref {
                return await status(ref, language: request.language == "es" ? "es" : lang)
            }
            guard c.step == .whereStep || c.step == .what || c.step == .photo else { return [notNow(c)] }
            let step = conversations.update(token) { c -> ChatConversation.Step in
                c.location = Location(text: text, source: .resident)
                c.step = c.text == nil ? .what : .photo
                return c.step
            }
            return [prompt(for: step ?? .what, language: lang, token: token)]
        case let .whereDevice(lat, lon, accuracy):
            guard c.step == .whereStep || c.step == .what || c.step == .photo else { return [notNow(c)] }
            let step = conversations.update(token) { c -> ChatConversation.Step in
                c.location = Location(lat: lat, lon: lon, source: .device, accuracyM: accuracy)
                c.step = c.text == nil ? .what : .photo
                return c.step
            }
            return [prompt(for: step ?? .what, language: lang, token: token)]
        case .what(let text):
            if let request = typedStatusRequest(text), let ref = request.ref {
                return await status(ref, language: request.language == "es" ? "es" : lang)
            }
            guard c.step == .what || c.step == .photo else {
                return c.step == .whereStep ? [prompt(for: .whereStep, language: lang, token: token)] : [notNow(c)]
            }
            let emergency = emergencyScreen?.emergencyMatch(in: text) != nil
            conversations.update(token) { c in
                c.text = text
                c.step = .photo
                c.emergency = emergency
            }
            // An emergency is filed at once, without waiting for a photo: the resident is told to
            // call 911 and that 911 has been alerted, not thanked.
            if emergency, c.location != nil { return await file(token: token) }
            return [prompt(for: .photo, language: lang, token: token)]
        case let .photo(type, bytes):
            guard c.step == .photo else { return [notNow(c)] }
            do {
                let hash = try blobs.store(bytes)
                conversations.update(token) { $0.attachment = Attachment(sha256: hash, mediaType: type, bytes: bytes.count, name: "photo") }
            } catch {
                logger.error("chat photo not stored: \(error)")
                return [say("failed", lang, step: "photo", kind: .error, code: "not_stored")]
            }
            return [say("photo-noted", lang, step: "photo")]
        case .send:
            if c.step == .done || c.step == .question, let ref = c.reference {
                // The page sent again after a reconnect: the same report, the same reference.
                return [reference(ref, linked: false, language: lang)]
            }
            if c.step == .filing { return await awaitReference(token: token, language: lang) }
            guard c.step == .photo, c.location != nil, c.text != nil else { return [notNow(c)] }
            return await file(token: token)
        case .answer(let text):
            guard c.step == .question else { return [notNow(c)] }
            return await answer(text, token: token)
        case .status(let text):
            return await status(text, language: lang)
        case .restart:
            conversations.update(token) { $0.startOver() }
            return [prompt(for: .whereStep, language: lang, token: token)]
        }
    }

    /// Files the conversation's report as one contact (id fixed per report, so a resend is the same contact).
    func file(token: String) async -> [ChatOutbound] {
        guard let c = conversations.update(token, { c -> ChatConversation in
            c.step = .filing
            c.filedContactID = c.contactID
            return c
        }), let location = c.location, let text = c.text else { return [] }
        var contact = ContactEnvelope(
            id: c.contactID, channel: channel, adapter: WebChatChannel.adapterName, externalID: c.contactID,
            sender: Sender(kind: .anonymous, address: nil), conversation: "chat:\(c.id)",
            caseRef: nil, language: c.language, text: text, location: location,
            attachments: c.attachment.map { [$0] } ?? [])
        if emergencyScreen?.emergencyMatch(in: text) != nil {
            contact.channelData[ContactEnvelope.emergencyAdvisedKey] = .bool(true)
        }
        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact)
        } catch {
            logger.error("could not spool chat contact \(contact.id): \(error)")
            conversations.update(token) { $0.step = .photo }
            return [say("failed", c.language, step: "photo", kind: .error, code: "not_stored")]
        }
        logger.info("chat report accepted", metadata: [
            "contact": .string(contact.id), "case": .string(submission.receipt?.caseRef ?? "pending"),
        ])
        guard let receipt = submission.receipt else {
            if c.emergency { return [emergencyAdvice(ref: nil, language: c.language)] }
            return await awaitReference(token: token, language: c.language, within: .zero)
        }
        return receiptArrived(receipt, conversationID: c.id, language: c.language)
    }

    /// "Send" again while the report is being filed (the socket dropped and the page sent it again):
    /// the same report is not filed twice; the reference is shown when it is known, else it follows.
    func awaitReference(token: String, language: String, within wait: Duration = .seconds(3)) async -> [ChatOutbound] {
        let deadline = ContinuousClock.now + wait
        while true {
            guard let c = conversations.update(token, { $0 }) else { return [] }
            if let ref = c.reference { return [reference(ref, linked: false, language: language)] }
            if c.step != .filing || ContinuousClock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return [say("received-pending", language, step: "filing")]
    }

    /// The case reference is known: remembered, shown, and the first question asked if the writer has any.
    func receiptArrived(_ receipt: ReceiptBatch.Receipt, conversationID: String, language: String) -> [ChatOutbound] {
        if let answer = receipt.inquiry {
            // A question: answered here, and no case was opened.
            conversations.update(id: conversationID) { $0.step = .done }
            return [ChatOutbound(kind: .answer, text: answer.reply, step: "done")]
        }
        let emergency = conversations.update(id: conversationID) { $0.emergency } ?? false
        // No questions about an emergency: the resident is to call 911, not to answer the chat.
        let questions = receipt.outcome == .created && !emergency ? receipt.questions : []
        conversations.update(id: conversationID) { c in
            c.reference = receipt.caseRef
            c.step = questions.isEmpty ? .done : .question
        }
        if emergency { return [emergencyAdvice(ref: receipt.caseRef, language: language)] }
        var out = [reference(receipt.caseRef, linked: receipt.outcome == .linked, language: language)]
        if let first = questions.first {
            questionsAsked.ask(conversationID, .init(caseRef: receipt.caseRef, language: language, questions: questions, askedAt: Date()))
            out.append(ask(first, language: language))
        }
        return out
    }

    /// The emergency reply, in place of the thank-you: call 911 now, whether 911 was alerted, and
    /// the record's reference once known.
    func emergencyAdvice(ref: String?, language: String) -> ChatOutbound {
        let values = EmergencyReply.values(alerted: alerts911, ref: ref)
        guard let ref else { return say("emergency-advice", language, step: "filing", values: values) }
        return say("emergency-advice", language, step: "done", kind: .reference, ref: ref, values: values)
    }

    func categoryLabel(_ category: String, language: String) -> String {
        (emergencyScreen as? any CategoryLabels)?.label(of: category, language: language) ?? category.replacingOccurrences(of: "_", with: " ")
    }

    /// "status TUC-2026-000123" typed where the chat asks where or what: the status, not a report.
    func typedStatusRequest(_ text: String) -> StatusRequest? {
        guard let request = StatusRequest.parse(text, prefix: caseReferencePrefix), request.ref != nil else { return nil }
        return request
    }

    func status(_ text: String, language: String) async -> [ChatOutbound] {
        guard let ref = StatusRequest.parse(text, prefix: caseReferencePrefix)?.ref
                ?? CaseReference.first(in: text.uppercased(), prefix: caseReferencePrefix)?.description else {
            return [say("status-not-found", language, step: nil, kind: .status, values: ["ref": String(text.prefix(40))])]
        }
        switch await statusReader.status(of: ref) {
        case .found(let s):
            return [say("status", language, step: nil, kind: .status, ref: s.ref, values: [
                "ref": s.ref, "category": s.category.map { categoryLabel($0, language: language) } ?? "", "opened": s.openedAt,
                "note": s.note ?? "", "duplicate_of": s.duplicateOf ?? "",
                "open": s.status == "open", "in_progress": s.status == "in_progress", "closed": s.status == "closed",
                "more": s.contacts > 1, "contacts": s.contacts,
            ])]
        case .notFound:
            return [say("status-not-found", language, step: nil, kind: .status, values: ["ref": ref])]
        case .unavailable:
            return [say("status-unavailable", language, step: nil, kind: .error, code: "unavailable")]
        }
    }

    // MARK: - Rendering

    func prompt(for step: ChatConversation.Step, language: String, token: String) -> ChatOutbound {
        let name = switch step {
        case .whereStep: "ask-where"
        case .what: "ask-what"
        case .photo: "ask-photo"
        case .filing: "received-pending"
        case .done, .question: "ask-where"
        }
        let out = say(name, language, step: step.rawValue)
        conversations.update(token) { $0.lastPrompt = out }
        return out
    }

    func notNow(_ c: ChatConversation) -> ChatOutbound {
        var out = c.lastPrompt ?? say("ask-where", c.language, step: c.step.rawValue)
        out.kind = .error
        out.code = "out_of_order"
        out.text = ((try? templates.render(channel: channel, name: "not-now", language: c.language)) ?? "") + " " + out.text
        return out
    }

    func reference(_ ref: String, linked: Bool, language: String) -> ChatOutbound {
        say("received", language, step: "done", kind: .reference, ref: ref, values: ["ref": ref, "linked": linked])
    }

    func ask(_ question: ResidentQuestion, language: String) -> ChatOutbound {
        let text = (try? templates.render(question, channel: channel, language: language)) ?? ""
        var choices: [ChatOutbound.Choice] = []
        switch question.kind {
        case .category:
            choices = question.options.enumerated().map { .init(value: "\($0.offset + 1)", label: $0.element.label) }
            choices.append(.init(value: "\(question.options.count + 1)", label: LanguageGuess.supported(language) == "es" ? "Otra cosa" : "Something else"))
        case .place:
            choices = [.init(value: "yes", label: LanguageGuess.supported(language) == "es" ? "Sí" : "Yes")]
        }
        return ChatOutbound(kind: .say, text: text, step: "question", choices: choices)
    }

    func say(_ name: String, _ language: String, step: String?, kind: ChatOutbound.Kind = .say, ref: String? = nil,
             code: String? = nil, values: [String: Any] = [:]) -> ChatOutbound {
        let text = (try? templates.render(channel: channel, name: name, language: language, values)) ?? name
        return ChatOutbound(kind: kind, text: text, step: step, ref: ref, code: code)
    }

    func refusal(_ code: String, _ message: String) -> ChatOutbound {
        ChatOutbound(kind: .error, text: message, code: code)
    }
}
