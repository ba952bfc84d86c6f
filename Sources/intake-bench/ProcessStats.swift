import Foundation

/// CPU time and memory of a process, from /proc.
struct ProcessStats {
    /// User + system CPU seconds so far.
    var cpuSeconds: Double
    /// Peak resident memory (VmHWM), bytes.
    var peakBytes: Int
    var residentBytes: Int

    static func read(pid: pid_t) -> ProcessStats? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpu = ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
        func kb(_ key: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(key) }
                .flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }
                .flatMap { Int($0) }.map { $0 * 1024 } ?? 0
        }
        return ProcessStats(cpuSeconds: cpu, peakBytes: kb("VmHWM:"), residentBytes: kb("VmRSS:"))
    }

    /// Busy and total CPU time of the whole machine, seconds (all cores).
    static func machine() -> (busy: Double, total: Double) {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first else { return (0, 0) }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let idle = (v.count > 4 ? v[3] + v[4] : 0)
        let total = v.prefix(8).reduce(0, +)
        return ((total - idle) / ticks, total / ticks)
    }
}

extension ProcessStats {
    /// CPU seconds of `root` and every process descended from it (PostgreSQL's backends).
    static func treeCPU(root: pid_t) -> Double {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var parent: [pid_t: pid_t] = [:]
        for e in entries {
            guard let pid = pid_t(e), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            if fields.count > 1, let ppid = pid_t(fields[1]) { parent[pid] = ppid }
        }
        func descends(_ p: pid_t) -> Bool {
            var p = p
            for _ in 0..<16 {
                if p == root { return true }
                guard let next = parent[p], next > 1 else { return false }
                p = next
            }
            return false
        }
        return parent.keys.filter(descends).compactMap { read(pid: $0)?.cpuSeconds }.reduce(0, +)
    }
}

/// CPU used between two moments, as a share of one core.
struct CPUWindow {
    /// The processes watched: intake, the broker, the database (with its backends), this load generator.
    let roots: [(name: String, pid: pid_t)]
    let start: ContinuousClock.Instant
    let startCPU: [Double]
    let machineStart: (busy: Double, total: Double)

    init(_ roots: [(name: String, pid: pid_t)]) {
        self.roots = roots
        start = .now
        startCPU = roots.map(Self.cpu)
        machineStart = ProcessStats.machine()
    }

    /// A process's CPU seconds: the database's with its backends; this process's alone (its
    /// children include `intake`, counted on its own).
    static func cpu(_ r: (name: String, pid: pid_t)) -> Double {
        r.pid == getpid() ? (ProcessStats.read(pid: r.pid)?.cpuSeconds ?? 0) : ProcessStats.treeCPU(root: r.pid)
    }

    struct Use {
        /// Cores used by each watched process tree, in the order given.
        var cores: [(name: String, cores: Double)]
        /// Busy share of all the machine's cores.
        var machineBusy: Double
        /// Length of the window, seconds.
        var seconds: Double

        var text: String {
            cores.map { String(format: "%@ %.0f %%", $0.name, $0.cores * 100) }.joined(separator: ", ")
                + String(format: " of a core; machine %.0f %% busy", machineBusy * 100)
        }
    }

    func finish() -> Use {
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let used = zip(roots, startCPU).map { r, s in (r.name, (Self.cpu(r) - s) / seconds) }
        let m = ProcessStats.machine()
        let busy = (m.total - machineStart.total) > 0 ? (m.busy - machineStart.busy) / (m.total - machineStart.total) : 0
        return Use(cores: used, machineBusy: busy, seconds: seconds)
    }
}
