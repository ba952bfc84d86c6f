import Foundation
import HummingbirdWebSocket
import IntakeChannel
import IntakeCore
import Logging
import Metrics

/// One socket of the page: the first frame says hello (with the token of a conversation to
/// resume), then each frame is handled in turn. Malformed frames are answered with an `error`
/// frame; a socket that keeps sending them, or floods, is closed.
extension WebChatChannel {
    /// Frames one socket may send per minute, and refused frames it may send in all.
    var framesPerMinute: Int { settings.messagesPerMinute * 2 + 10 }
    static let maxRefusals = 20

    /// `client` names who opened the socket (`WebhookClient.key(for:remote:)`), for the limit on
    /// new conversations (`INTAKE_CHAT_OPENS_PER_MINUTE`); resuming a conversation is not limited.
    func session(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, client: String, logger: Logger) async throws {
        var messages = inbound.messages(maxSize: settings.maxMessageBytes).makeAsyncIterator()
        var token: String?
        var listener: UUID?
        var refusals = 0
        var windowStart = Date()
        var windowFrames = 0
        func send(_ frames: [ChatOutbound]) async throws {
            for (i, f) in frames.enumerated() {
                var f = f
                f.last = i == frames.count - 1
                try await outbound.write(.text(f.json()))
            }
        }
        defer { if let token, let listener { conversations.stopListening(token, id: listener) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            while let message = try await messages.next() {
                let now = Date()
                if now.timeIntervalSince(windowStart) >= 60 { windowStart = now; windowFrames = 0 }
                windowFrames += 1
                if windowFrames > framesPerMinute {
                    Counter(label: "intake_chat_frames_refused_total", dimensions: [("reason", "rate")]).increment()
                    if windowFrames > framesPerMinute * 2 {
                        try await outbound.close(.policyViolation, reason: "too many messages")
                        break
                    }
                    try await send([say("slow-down", token.flatMap { t in conversations.update(t) { $0.language } } ?? "en",
                                        step: nil, kind: .error, code: "rate_limited")])
                    continue
                }
                let frame: ChatFrame
                do {
                    switch message {
                    case .text(let text): frame = try ChatFrame.parse(text: text, maxPhotoBytes: settings.maxPhotoBytes)
                    case .binary(let buffer):
                        frame = try ChatFrame.photoFrame(Array(buffer.readableBytesView), declared: nil,
                                                         maxPhotoBytes: settings.maxPhotoBytes)
                    }
                } catch let error as ChatFrame.Refusal {
                    refusals += 1
                    Counter(label: "intake_chat_frames_refused_total", dimensions: [("reason", error.code)]).increment()
                    logger.debug("chat frame refused: \(error.message)")
                    var out = refusal(error.code, error.message)
                    if error.code == "too_large", let t = token, let lang = conversations.update(t, { $0.language }) {
                        out.text = (lang == "es" ? "La foto es demasiado grande: " : "The photo is too large: ") + error.message
                    }
                    try await send([out])
                    if refusals >= Self.maxRefusals {
                        try await outbound.close(.policyViolation, reason: "too many malformed frames")
                        break
                    }
                    continue
                }
                if case let .hello(resume, language) = frame {
                    guard token == nil else {
                        try await send([refusal("malformed", "hello is only the first frame")])
                        continue
                    }
                    let held = resume.flatMap { conversations.update($0) { _ in true } } ?? false
                    if !held && !opens.allow(client) {
                        Counter(label: "intake_channel_rejected_total", dimensions: [("channel", "chat"), ("reason", "rate_limited")]).increment()
                        try await send([say("slow-down", LanguageGuess.supported(language), step: nil, kind: .error, code: "rate_limited")])
                        try await outbound.close(.policyViolation, reason: "too many new chats from this address")
                        break
                    }
                    let (c, resumed) = conversations.open(token: resume, language: LanguageGuess.supported(language))
                    token = c.token
                    let (id, stream, waiting) = conversations.listen(c.token)
                    listener = id
                    group.addTask {
                        for await pushed in stream { try await outbound.write(.text(pushed.json())) }
                    }
                    var welcome = ChatOutbound(kind: .welcome, text: "", step: c.step.rawValue, ref: c.reference, token: c.token)
                    welcome.text = resumed ? "resumed" : "new"
                    welcome.maxPhotoBytes = settings.maxPhotoBytes
                    var out = [welcome]
                    if resumed, let last = c.lastPrompt, waiting.isEmpty { out.append(last) }
                    if !resumed { out.append(prompt(for: .whereStep, language: c.language, token: c.token)) }
                    out += waiting
                    try await send(out)
                    continue
                }
                guard let token else {
                    refusals += 1
                    try await send([refusal("no_hello", "send a hello frame first")])
                    continue
                }
                try await send(await handle(frame, token: token))
            }
            group.cancelAll()
        }
    }
}
