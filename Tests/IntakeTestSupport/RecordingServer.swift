import AsyncHTTPClient
import Foundation
import Hummingbird
import IntakeCore

/// A real local HTTP server standing in for a remote service this machine cannot reach (Twilio's
/// REST API): it records every request and answers as the service would.
public final class RecordingServer: Sendable {
    public struct Recorded: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String
        /// When the request came in (for tests of a sender's pace).
        public var at: ContinuousClock.Instant = .now
    }

    public let baseURL: String
    private let recorded = Locked<[Recorded]>([])
    private let task: Locked<Task<Void, any Error>?> = Locked(nil)
    /// Bytes served at `/media/<name>`.
    private let media: [String: (bytes: [UInt8], type: String)]
    /// Canned answers by path, for any method (a provider's JSON lookups, its file downloads).
    private let answers: [String: (bytes: [UInt8], type: String)]

    public init(media: [String: (bytes: [UInt8], type: String)] = [:], answers: [String: (bytes: [UInt8], type: String)] = [:]) throws {
        baseURL = "http://127.0.0.1:\(try freePort())"
        self.media = media
        self.answers = answers
    }

    public var requests: [Recorded] { recorded.withLock { $0 } }

    /// What POSTs without a canned answer get instead of 201: a provider failing (500) or refusing (400).
    private let failure = Locked<(status: Int, body: String)?>(nil)

    /// How long each POST is held before its answer, and how many were held at once at most.
    private let postDelay = Locked<Duration>(.zero)
    private let concurrentPosts = Locked<(now: Int, most: Int)>((0, 0))

    /// From now on, POSTs are answered only after `delay` (a slow provider).
    public func delayPosts(_ delay: Duration) {
        postDelay.withLock { $0 = delay }
    }

    /// The most POSTs that were being answered at the same time.
    public var mostConcurrentPosts: Int { concurrentPosts.withLock { $0.most } }

    /// From now on, POSTs are answered `status` with `body`; nil answers them 201 again.
    public func answerPosts(_ answer: (status: Int, body: String)?) {
        failure.withLock { $0 = answer }
    }

    public func start() async throws {
        let router = Router()
        router.on("/**", method: .post) { request, _ -> Response in
            self.concurrentPosts.withLock { c in
                c.now += 1
                c.most = max(c.most, c.now)
            }
            defer { self.concurrentPosts.withLock { $0.now -= 1 } }
            let arrived = ContinuousClock.now
            let delay = self.postDelay.withLock { $0 }
            if delay > .zero { try await Task.sleep(for: delay) }
            if let canned = self.answers[request.uri.path] { return try await self.record(request, canned: canned) }
            if let f = self.failure.withLock({ $0 }) {
                return try await self.record(request, answer: f.body, status: HTTPResponse.Status(code: f.status), at: arrived)
            }
            return try await self.record(request, answer: "{\"sid\":\"SM\(UUID().uuidString.prefix(8))\"}", status: .created, at: arrived)
        }
        router.get("/**") { request, _ -> Response in
            guard let canned = self.answers[request.uri.path] else {
                _ = try await self.record(request, answer: "", status: .notFound)
                return Response(status: .notFound)
            }
            return try await self.record(request, canned: canned)
        }
        router.get("/media/{name}") { request, context -> Response in
            _ = try await self.record(request, answer: "", status: .ok)
            guard let name = context.parameters.get("name"), let m = self.media[name] else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: m.type], body: .init(byteBuffer: ByteBuffer(bytes: m.bytes)))
        }
        let port = Int(baseURL.split(separator: ":").last!)!
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        // Why the server stopped, when it stopped before answering (a port taken meanwhile).
        let ended = Locked<String?>(nil)
        let t = Task {
            do { try await app.runService() } catch { ended.withLock { $0 = "\(error)" } ; throw error }
            ended.withLock { $0 = $0 ?? "it stopped" }
        }
        task.withLock { $0 = t }
        // Generous: suites that start their stand-in before taking a stack slot all start at once,
        // and a sanitizer makes each start several times slower.
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            if let reason = ended.withLock({ $0 }) { throw TestSetupError("recording server on \(baseURL) did not start: \(reason)") }
            if (try? await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/media/none"), timeout: .seconds(1))) != nil { return }
            try await Task.sleep(for: .milliseconds(30))
        }
        throw TestSetupError("recording server on \(baseURL) did not answer within 180 s")
    }

    private func record(_ request: Request, answer: String, status: HTTPResponse.Status,
                        at arrived: ContinuousClock.Instant = .now) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for f in request.headers { headers[f.name.canonicalName] = f.value }
        recorded.withLock {
            $0.append(Recorded(method: request.method.rawValue, path: request.uri.path, headers: headers, body: String(buffer: body), at: arrived))
        }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }

    private func record(_ request: Request, canned: (bytes: [UInt8], type: String)) async throws -> Response {
        _ = try await record(request, answer: "", status: .ok)
        return Response(status: .ok, headers: [.contentType: canned.type], body: .init(byteBuffer: ByteBuffer(bytes: canned.bytes)))
    }

    public func stop() {
        task.withLock { $0?.cancel() }
    }

    /// Waits until `predicate` holds for the recorded requests.
    public func waitFor(timeout: Duration = .seconds(15), _ predicate: ([Recorded]) -> Bool) async throws -> [Recorded] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let r = requests
            if predicate(r) { return r }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("the recording server did not get the expected requests within \(timeout); got \(requests.count)")
    }
}
