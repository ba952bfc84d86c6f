import Foundation
public import IntakeBus
public import IntakeChannel
public import IntakeCore
public import Logging
import Metrics
import TwilioSupport

/// The voice channel's working parts around the pure `CallFlow`: it loads a call's state, advances
/// it, carries out what the flow asks (submit the contact, raise an escalation), saves the state
/// durably, and only then answers Twilio.
public final class VoiceCalls: Sendable {
    let flow: CallFlow
    let store: CallStore
    let renderer: TwiMLRenderer
    let intake: ContactIntake
    let escalations: EscalationPublisher
    let media: VoicemailMedia
    let timings: CallEnding.Timings
    let logger: Logger
    let locks = CallLocks()
    /// Calls whose escalation the bus has not taken yet, for the retry loop.
    let unpublished = EscalationBacklog()
    /// "Press 2": the status of a case, read as the database's reader role (nil: always unavailable).
    let statusLookup: CaseStatusLookup?
    let categoryLabels: (any CategoryLabels)?

    public init(flow: CallFlow, store: CallStore, renderer: TwiMLRenderer, intake: ContactIntake,
                escalations: EscalationPublisher, media: VoicemailMedia, timings: CallEnding.Timings, logger: Logger,
                statusLookup: CaseStatusLookup? = nil, categoryLabels: (any CategoryLabels)? = nil) {
        self.statusLookup = statusLookup
        self.categoryLabels = categoryLabels
        self.flow = flow
        self.store = store
        self.renderer = renderer
        self.intake = intake
        self.escalations = escalations
        self.media = media
        self.timings = timings
        self.logger = logger
    }

    /// A step of the conversation: the TwiML that answers it.
    func step(_ route: VoiceRoute, _ form: FormBody, callSID: String) async throws -> TwiML {
        let now = Date()
        // A caller over INTAKE_SENDER_RATE_PER_MINUTE new calls a minute is told to call later
        // (and 911 if anyone is in danger); the steps of calls already under way always go on.
        if route == .start, store.load(callSID) == nil, let caller = PhoneNumber.limitKey(form["From"]),
           intake.spendAllowance(of: caller) != nil {
            logger.notice("a call refused: its caller is over the per-sender limit", metadata: ["call": .string(callSID)])
            return try renderer.render(CallFlow.tooManyCallsLines())
        }
        let turn: CallTurn? = try await locks.withLock(callSID) {
            var turn: CallTurn
            if let state = store.load(callSID) {
                turn = flow.advance(state, Self.input(route, form), now: now)
            } else if route == .start {
                turn = flow.begin(callSID: callSID, caller: form["From"], called: form["To"],
                                  providerData: VoiceContact.providerData(from: form), now: now)
                Counter(label: "intake_calls_started_total").increment()
                logger.info("call started", metadata: ["call": .string(callSID)])
                logger.debug("caller", metadata: ["call": .string(callSID), "from": .string(form["From"] ?? "-")])
            } else {
                return nil
            }
            if turn.effect == .submit {
                let (revision, outcome) = await submit(turn.state, wait: nil)
                turn = flow.advance(turn.state, .submitted(revision: revision, outcome), now: now)
            }
            if case .lookUpStatus(let ref)? = turn.effect {
                let heard = await caseStatus(ref, language: turn.state.language)
                turn = flow.advance(turn.state, .caseStatusLookedUp(heard), now: now)
            }
            if turn.state.ended != nil {
                // A step that comes after the hang-up (`<Record>`'s action, typically).
                await settle(&turn.state)
            } else {
                save(turn.state)
            }
            return turn
        }
        guard let turn else {
            // Unknown or expired: an apology and a fresh start rather than an error on the line.
            Counter(label: "intake_calls_restarted_total").increment()
            logger.notice("a step of unknown call \(callSID) (\(route.rawValue)) starts the call again")
            return try renderer.render(CallFlow.restartLines())
        }
        if turn.effect == .escalate {
            Counter(label: "intake_calls_escalated_total").increment()
            logger.warning("call \(callSID) transferred to 911: \(turn.state.escalation?.reason ?? "")")
            Task { await self.publishEscalation(callSID) }
        }
        return try renderer.render(turn.lines)
    }

    /// What the flow hears from a request on `route`.
    static func input(_ route: VoiceRoute, _ form: FormBody) -> CallInput {
        switch route {
        case .start:
            return .start
        case .recorded:
            return .recorded(form["RecordingUrl"].flatMap { $0.isEmpty ? nil : RecordingInfo(
                sid: form["RecordingSid"], url: $0, durationSeconds: form["RecordingDuration"].flatMap { Int($0) }) })
        case .emergency:
            return .dialEnded(status: form["DialCallStatus"] ?? "")
        default:
            return .answer(route, CallAnswer(speech: form["SpeechResult"], confidence: form["Confidence"].flatMap(Double.init),
                                             digits: form["Digits"]))
        }
    }

    /// The status of case `ref` as the caller hears it, the category named in their language.
    func caseStatus(_ ref: String, language: String) async -> CaseStatusHeard {
        Counter(label: "intake_status_requests_total", dimensions: [("channel", VoiceContact.channel)]).increment()
        guard let statusLookup else { return .unavailable(ref: ref) }
        switch await statusLookup.lookup(ref) {
        case .found(let s):
            let label = s.category.map { categoryLabels?.label(of: $0, language: language) ?? $0.replacingOccurrences(of: "_", with: " ") }
            return .found(ref: s.ref, state: s.state, category: label, note: s.note)
        case .notFound:
            return .notFound(ref: ref)
        case .unavailable:
            return .unavailable(ref: ref)
        }
    }

    /// Submits the call's contact as its next revision and says how it went.
    func submit(_ state: CallState, wait: Duration?) async -> (Int, SubmissionOutcome) {
        let revision = (state.submission?.revision ?? 0) + 1
        guard let contact = VoiceContact.envelope(from: state, revision: revision) else { return (revision, .failed) }
        do {
            let submission = try await intake.submit(contact, waitingUpTo: wait)
            logger.info("voice contact submitted", metadata: [
                "contact": .string(contact.id), "revision": "\(revision)",
                "case": .string(submission.receipt?.caseRef ?? "pending"),
            ])
            guard let receipt = submission.receipt else { return (revision, .pending) }
            if let answer = receipt.inquiryReply { return (revision, .answered(answer)) }
            return (revision, .committed(caseRef: receipt.caseRef, linked: receipt.outcome == .linked))
        } catch {
            logger.error("could not spool voice contact \(contact.id): \(error)")
            return (revision, .failed)
        }
    }

    /// Saves the state; a failure is logged, not thrown, as the caller is on the line and the
    /// answer matters more (the next step then starts the call again).
    func save(_ state: CallState) {
        do {
            try store.save(state)
        } catch {
            logger.error("call state \(state.callSID) not saved: \(error)")
        }
    }

    /// Publishes the call's escalation; if the bus does not take it, it stays in the state file
    /// and in the backlog, and is tried again.
    func publishEscalation(_ callSID: String) async {
        guard let state = store.load(callSID), let message = VoiceEscalation.message(for: state),
              state.escalation?.published == false
        else {
            unpublished.remove(callSID)
            return
        }
        do {
            try await escalations.publish(message)
            _ = try await locks.withLock(callSID) {
                guard var s = store.load(callSID) else { return }
                s.escalation?.published = true
                if s.ended != nil { store.delete(callSID) } else { save(s) }
            }
            unpublished.remove(callSID)
            logger.info("escalation published", metadata: ["call": .string(callSID)])
            logger.debug("escalation", metadata: ["call": .string(callSID), "callback": .string(message.callback ?? "-")])
        } catch {
            unpublished.insert(callSID)
            _ = try? await locks.withLock(callSID) {
                guard var s = store.load(callSID) else { return }
                s.escalation?.attempts += 1
                save(s)
            }
            logger.error("escalation for call \(callSID) not published yet, kept and retried: \(error)",
                         metadata: ["reason": .string(message.reason)])
        }
    }
}
