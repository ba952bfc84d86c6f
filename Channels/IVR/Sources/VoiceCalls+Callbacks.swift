import Foundation
import IntakeCore
import Metrics
import TwilioSupport

/// Twilio's callbacks, which change a call's state without speaking to the caller: the
/// recording's audio, its transcription, and the end of the call.
extension VoiceCalls {
    static let finalStatuses: Set<String> = ["completed", "busy", "no-answer", "failed", "canceled"]

    func callback(_ route: VoiceRoute, _ form: FormBody, callSID: String) async throws {
        switch route {
        case .recording: try await recordingReady(form, callSID: callSID)
        case .transcription: try await transcribed(form, callSID: callSID)
        case .status: try await statusChanged(form, callSID: callSID)
        default: break
        }
    }

    func recordingReady(_ form: FormBody, callSID: String) async throws {
        let status = form["RecordingStatus"] ?? "completed"
        let url = form["RecordingUrl"].flatMap { $0.isEmpty ? nil : $0 }
        // Fetched before taking the call's lock, so the caller's next step does not wait for it.
        var fetched: Result<Attachment, VoicemailMediaError>?
        if status == "completed", let url { fetched = await media.fetch(url: url) }
        try await locks.withLock(callSID) {
            guard var s = store.load(callSID) else {
                logger.warning("recording callback for unknown call \(callSID) ignored")
                return
            }
            var v = s.voicemail ?? Voicemail(recordingSID: form["RecordingSid"], recordingURL: url,
                                             durationSeconds: form["RecordingDuration"].flatMap { Int($0) },
                                             transcriptionExpected: s.language == "en")
            if status == "completed" {
                v.recordingURL = v.recordingURL ?? url
                switch fetched {
                case .success(let a)?:
                    v.attachment = a
                    v.unfetched = nil
                case .failure(let e)?:
                    logger.warning("voice message of call \(callSID) not fetched: \(e)")
                    v.unfetched = e.reason
                case nil:
                    break
                }
            }
            v.recordingSettled = true
            s.voicemail = v
            s.updatedAt = Date()
            await voicemailChanged(&s)
        }
    }

    func transcribed(_ form: FormBody, callSID: String) async throws {
        try await locks.withLock(callSID) {
            guard var s = store.load(callSID) else {
                logger.warning("transcription callback for unknown call \(callSID) ignored")
                return
            }
            var v = s.voicemail ?? Voicemail(recordingSID: form["RecordingSid"], recordingURL: form["RecordingUrl"],
                                             durationSeconds: nil, transcriptionExpected: true)
            let status = form["TranscriptionStatus"] ?? "completed"
            v.transcriptionStatus = status
            if status == "completed", let text = form["TranscriptionText"]?.trimmingCharacters(in: .whitespacesAndNewlines),
               !text.isEmpty {
                v.transcription = text
            }
            s.voicemail = v
            s.updatedAt = Date()
            await voicemailChanged(&s)
        }
    }

    func statusChanged(_ form: FormBody, callSID: String) async throws {
        guard let status = form["CallStatus"], Self.finalStatuses.contains(status) else { return }
        try await locks.withLock(callSID) {
            guard let state = store.load(callSID) else { return }
            var (s, _) = CallEnding.end(state, status: status, now: Date())
            await settle(&s)
        }
    }

    /// After the voice message changed: a contact already out gets a new revision with it.
    func voicemailChanged(_ s: inout CallState) async {
        if s.submission != nil {
            let (revision, outcome) = await submit(s, wait: .zero)
            if outcome != .failed { s.submission?.revision = revision }
        }
        if s.ended != nil {
            await settle(&s)
        } else {
            save(s)
        }
    }

    /// Brings an ended call to rest: submits what it reported, counts it when it reported nothing,
    /// keeps it while callbacks or an escalation are owed, and deletes it otherwise. Call with the
    /// call's lock held.
    func settle(_ state: inout CallState) async {
        switch CallEnding.disposition(of: state) {
        case .submit:
            let (revision, outcome) = await submit(state, wait: .zero)
            guard outcome != .failed else {
                // Kept: the sweep tries again.
                save(state)
                return
            }
            state.submission = SubmissionRecord(revision: revision)
            logger.info("call \(state.callSID) ended (\(state.ended?.status ?? "-")) at \(state.step.rawValue); its report was submitted")
            if CallEnding.disposition(of: state) == .keep { save(state) } else { store.delete(state.callSID) }
        case .abandon(let step):
            Counter(label: "intake_calls_abandoned_total", dimensions: [("step", step.rawValue)]).increment()
            logger.info("call \(state.callSID) ended (\(state.ended?.status ?? "-")) at \(step.rawValue) without a report")
            store.delete(state.callSID)
        case .keep:
            save(state)
        case .forget:
            store.delete(state.callSID)
        }
    }
}
