import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeTestSupport
import NIOCore

/// `Channels/Examples/python/adapter.py`, run with the tests' Python (`INTAKE_PYTHON`) as the
/// broker user `python-web`, so that a test can post contacts to it and kill it.
final class PythonAdapterProcess: @unchecked Sendable {
    let pid: pid_t
    let baseURL: String
    let logPath: String
    private var exitStatus: Int32?

    static var script: String { "\(Paths.repository)/Channels/Examples/python/adapter.py" }

    /// Starts the adapter on `spool` and waits until its HTTP endpoint answers (the broker may be down).
    static func start(_ stack: TestStack, spool: String, redeliverySeconds: Int = 2) async throws -> PythonAdapterProcess {
        let env = try ConfigFile.read(path: "\(stack.directory)/stack.env")
        guard let url = env["INTAKE_MQTT_URL_PYTHON_WEB"] else { throw TestSetupError("no INTAKE_MQTT_URL_PYTHON_WEB in stack.env") }
        let port = try freePort()
        let log = "\(try Paths.temporaryDirectory("python-adapter"))/adapter.log"
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        environment["PYTHONUNBUFFERED"] = "1"
        let pid = try ChildProcess.spawn(try Paths.python(), [
            script, "--mqtt-url", url, "--listen", "127.0.0.1:\(port)", "--spool", spool,
            "--redelivery", String(redeliverySeconds),
        ], environment: environment, output: log)
        let adapter = PythonAdapterProcess(pid: pid, baseURL: "http://127.0.0.1:\(port)", logPath: log)
        do {
            try await adapter.waitUntilListening()
        } catch {
            await adapter.signal(SIGKILL)
            throw error
        }
        return adapter
    }

    private init(pid: pid_t, baseURL: String, logPath: String) {
        self.pid = pid
        self.baseURL = baseURL
        self.logPath = logPath
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var isRunning: Bool {
        if exitStatus != nil { return false }
        exitStatus = ChildProcess.poll(pid)
        return exitStatus == nil
    }

    private func waitUntilListening(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard isRunning else { throw TestSetupError("adapter.py exited \(exitStatus ?? -1):\n\(log)") }
            if (try? await get("/health"))?.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("adapter.py did not listen within \(timeout):\n\(log)")
    }

    /// Sends SIGTERM or SIGKILL and waits for the process to end; returns its exit status.
    @discardableResult
    func signal(_ sig: Int32) async -> Int32 {
        if isRunning { kill(pid, sig) }
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return exitStatus ?? -1
    }

    struct Answer {
        var status: UInt
        var json: [String: Any]
    }

    func post(_ path: String, json: [String: Any]) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        return try await execute(request)
    }

    func get(_ path: String) async throws -> Answer {
        try await execute(HTTPClientRequest(url: baseURL + path))
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Answer {
        let r = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await r.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return Answer(status: r.status.code, json: json)
    }

    /// Polls `GET /contacts/{id}` until the adapter has the receipt; returns its case reference.
    func waitForReceipt(_ id: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            let a = try await get("/contacts/\(id)")
            last = a.json
            if a.json["status"] as? String == "stored", let ref = a.json["case_ref"] as? String { return ref }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("no receipt for \(id) within \(timeout) (last: \(last)):\n\(log)")
    }

    /// The contacts still in the spool folder.
    static func spooled(_ spool: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasSuffix(".json") }
    }
}
