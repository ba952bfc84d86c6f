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

/// CPU used between two moments, as a share of one core.
struct CPUWindow {
    let pid: pid_t
    let start: ContinuousClock.Instant
    let processStart: Double
    let machineStart: (busy: Double, total: Double)

    init(pid: pid_t) {
        self.pid = pid
        start = .now
        processStart = ProcessStats.read(pid: pid)?.cpuSeconds ?? 0
        machineStart = ProcessStats.machine()
    }

    /// (intake's CPU in cores, the machine's busy share of all its cores).
    func finish() -> (intakeCores: Double, machineBusy: Double) {
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let used = (ProcessStats.read(pid: pid)?.cpuSeconds ?? processStart) - processStart
        let m = ProcessStats.machine()
        let busy = (m.total - machineStart.total) > 0 ? (m.busy - machineStart.busy) / (m.total - machineStart.total) : 0
        return (used / seconds, busy)
    }
}
