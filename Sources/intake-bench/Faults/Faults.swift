import Foundation
import IntakeCore

/// The faults, in order, and how recovery from each is judged.
final class Faults: Sendable {
    struct Fault {
        var name: String
        var inflict: () async throws -> FaultRecord
    }

    let stack: BenchStack
    let parts: IntakeParts
    let load: SteadyLoad
    let store: StoredContacts
    let mix: WebhookMix
    let recoveryLimit: Duration
    let outage: Duration

    init(stack: BenchStack, parts: IntakeParts, load: SteadyLoad, store: StoredContacts, mix: WebhookMix,
         recoveryLimit: Duration, outage: Duration) {
        self.stack = stack
        self.parts = parts
        self.load = load
        self.store = store
        self.mix = mix
        self.recoveryLimit = recoveryLimit
        self.outage = outage
    }

    var outageText: String { "\(outage.components.seconds) s" }

    func plan(spoolDisk: String?) -> [Fault] {
        var plan = [
            killed("intake run"),
            Fault(name: "broker: SIGKILL, restarted") {
                let start = Date()
                await self.killServer(self.stack.serverPIDs.broker)
                try await self.stackCommand(["broker", "up"])
                return FaultRecord(name: "broker: SIGKILL, restarted", start: start, end: Date())
            },
            Fault(name: "PostgreSQL: SIGKILL, restarted") {
                let start = Date()
                await self.killServer(self.stack.serverPIDs.database)
                try await self.databaseUp()
                return FaultRecord(name: "PostgreSQL: SIGKILL, restarted", start: start, end: Date())
            },
            Fault(name: "PostgreSQL down \(outageText)") {
                let start = Date()
                try await self.stackCommand(["db", "down"])
                try await Task.sleep(for: self.outage)
                try await self.databaseUp()
                return FaultRecord(name: "PostgreSQL down \(self.outageText)", start: start, end: Date())
            },
        ]
        if let spoolDisk {
            plan.append(Fault(name: "spool's disk full \(outageText)") {
                let start = Date()
                let filler = "\(spoolDisk)/.bench-filler"
                _ = try? await offPool { Self.fill(filler) }
                try await Task.sleep(for: self.outage)
                try? FileManager.default.removeItem(atPath: filler)
                return FaultRecord(name: "spool's disk full \(self.outageText)", start: start, end: Date())
            })
        }
        plan.append(Fault(name: "intake run restarted while PostgreSQL is down") {
            let start = Date()
            try await self.stackCommand(["db", "down"])
            await self.parts.kill9("intake run")
            var note: String?
            do {
                try await self.parts.restart("intake run", healthy: false)
            } catch {
                note = "intake run did not start while PostgreSQL was down; it was started again once PostgreSQL was back"
                log("\(note!): \(error)")
            }
            try await Task.sleep(for: self.outage / 2)
            try await self.databaseUp()
            if note != nil { try await self.parts.restart("intake run") }
            return FaultRecord(name: "intake run restarted while PostgreSQL is down", start: start, end: Date(), note: note)
        })
        plan.append(Fault(name: "split: adapters, enrich, writer apart") {
            let start = Date()
            await self.parts.stopAll()
            try await self.parts.start(try self.parts.split())
            return FaultRecord(name: "split: adapters, enrich, writer apart", start: start, end: Date())
        })
        plan += ["adapters", "enrich", "writer"].map(killed)
        return plan
    }

    func killed(_ part: String) -> Fault {
        let name = "\(part): SIGKILL, restarted"
        return Fault(name: name) {
            let start = Date()
            await self.parts.kill9(part)
            try await self.parts.restart(part)
            return FaultRecord(name: name, start: start, end: Date())
        }
    }

    /// Seconds after `end` until a webhook is accepted again (while the load runs) and every
    /// contact accepted by `end` is committed; nil past the limit.
    func recovery(after end: Date) async -> Double? {
        let loadRunning = !load.isStopped
        let requests = load.results.filter { $0.accepted && $0.at <= end }.map { mix.request($0.index) }
        var pending = Set(requests.compactMap(\.contactID))
        // Open311 contacts get their id from intake: found by their device_id.
        var markers = Set(requests.compactMap(\.marker))
        let deadline = ContinuousClock.now + recoveryLimit
        while ContinuousClock.now < deadline {
            let acceptedAgain = !loadRunning || load.results.contains { $0.accepted && $0.at > end }
            if !pending.isEmpty, let found = await store.committed(Array(pending)) {
                pending.subtract(found.keys)
            }
            if !markers.isEmpty, let found = await store.open311ByDevice() {
                markers.subtract(found.keys)
            }
            if acceptedAgain && pending.isEmpty && markers.isEmpty { return Date().timeIntervalSince(end) }
            try? await Task.sleep(for: .milliseconds(250))
        }
        if !pending.isEmpty || !markers.isEmpty { log("  \(pending.count + markers.count) accepted contacts still not committed") }
        return nil
    }

    func killServer(_ pid: pid_t) async {
        guard pid > 0 else { return }
        kill(pid, SIGKILL)
        for _ in 0..<100 where kill(pid, 0) == 0 { try? await Task.sleep(for: .milliseconds(50)) }
    }

    func stackCommand(_ args: [String]) async throws {
        let stack = self.stack
        _ = try await offPool { try stack.run("/bin/bash", ["\(stack.repository)/Docker/stack.sh"] + args + ["--dir", stack.directory]) }
    }

    /// PostgreSQL started again; after a SIGKILL its old backends may hold its memory a moment.
    func databaseUp() async throws {
        var last: (any Error)?
        for _ in 0..<30 {
            do {
                try await stackCommand(["db", "up"])
                return
            } catch {
                last = error
                try await Task.sleep(for: .seconds(1))
            }
        }
        throw BenchError("PostgreSQL did not start again: \(last.map { "\($0)" } ?? "?")")
    }

    /// Writes zeros until the disk is full.
    static func fill(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)
    }
}
