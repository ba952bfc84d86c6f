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
        tree(root: root).compactMap { read(pid: $0)?.cpuSeconds }.reduce(0, +)
    }

    /// Context switches, voluntary and not, of every thread of `pid`. The kernel counts them per
    /// thread (`/proc/PID/status` holds the main thread's alone); a thread that ended is not counted.
    static func contextSwitches(pid: pid_t) -> Double {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return 0 }
        var total = 0.0
        for t in tasks {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(t)/status", encoding: .utf8) else { continue }
            for line in status.split(separator: "\n") where line.hasPrefix("voluntary_ctxt_switches:") || line.hasPrefix("nonvoluntary_ctxt_switches:") {
                total += line.split(separator: ":").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 0
            }
        }
        return total
    }

    /// Context switches of `root`'s threads and of every process descended from it.
    static func treeContextSwitches(root: pid_t) -> Double {
        tree(root: root).map(contextSwitches(pid:)).reduce(0, +)
    }

    /// `root` and every process descended from it.
    static func tree(root: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
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
        return parent.keys.filter(descends)
    }
}

/// CPU used between two moments, as a share of one core.
struct CPUWindow {
    /// The processes watched: intake, the broker, the database (with its backends), this load generator.
    let roots: [(name: String, pid: pid_t)]
    let start: ContinuousClock.Instant
    let startCPU: [Double]
    let startSwitches: [Double]
    let machineStart: (busy: Double, total: Double)

    init(_ roots: [(name: String, pid: pid_t)]) {
        self.roots = roots
        start = .now
        startCPU = roots.map(Self.cpu)
        startSwitches = roots.map(Self.switches)
        machineStart = ProcessStats.machine()
    }

    /// A process's CPU seconds: the database's with its backends; this process's alone (its
    /// children include `intake`, counted on its own).
    static func cpu(_ r: (name: String, pid: pid_t)) -> Double {
        r.pid == getpid() ? (ProcessStats.read(pid: r.pid)?.cpuSeconds ?? 0) : ProcessStats.treeCPU(root: r.pid)
    }

    /// Context switches of a watched process, counted the way `cpu` counts its CPU.
    static func switches(_ r: (name: String, pid: pid_t)) -> Double {
        r.pid == getpid() ? ProcessStats.contextSwitches(pid: r.pid) : ProcessStats.treeContextSwitches(root: r.pid)
    }

    struct Use {
        /// Cores used by each watched process tree, in the order given.
        var cores: [(name: String, cores: Double)]
        /// Context switches of each watched process tree in the window, in the order given.
        var switches: [(name: String, count: Double)]
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
        let switched = zip(roots, startSwitches).map { r, s in (r.name, Self.switches(r) - s) }
        let m = ProcessStats.machine()
        let busy = (m.total - machineStart.total) > 0 ? (m.busy - machineStart.busy) / (m.total - machineStart.total) : 0
        return Use(cores: used, switches: switched, machineBusy: busy, seconds: seconds)
    }
}
