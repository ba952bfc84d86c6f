import ArgumentParser
import Foundation
import IntakeCore
import ScannedMailChannel

/// Pages per minute and character accuracy of the scanned-mail channel's OCR, against the
/// `tesseract` command line on the same pages.
struct OCRBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: "Scanned-mail OCR: pages per minute and character accuracy, the channel against the tesseract CLI.",
        discussion: """
            The pages are the tesseract test pages with ground truth in the shared data
            (ocr/tesseract-test: phototest, its three rotated copies, eurotext and two 300-dpi
            magazine pages). The channel reads them in process with its OCR workers (one per core,
            one OpenMP thread each; the PageReader the drop folder uses); the command line runs
            `tesseract FILE OUT -l LANGS --psm 1` (automatic segmentation with orientation, as the
            channel) with OMP_THREAD_LIMIT=1, one process per core. Both read every page --rounds
            times; accuracy is 1 − edit distance ÷ truth length, whitespace runs as one space.
            """)

    @Option(help: "The shared test data (default: $INTAKE_SHARED_DATA, ../shared/data or /work/shared/data).")
    var data: String?
    @Option(help: "Workers and CLI processes (default: the cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Times every page is read by each.")
    var rounds = 2
    @Option(help: "Tesseract languages.")
    var languages = "eng+spa"

    struct Page: Sendable {
        var file: String
        var truth: String
    }

    func run() async throws {
        let pages = try testPages()
        log("\(pages.count) files, \(rounds) round(s), \(workers) worker(s)/process(es), OMP_THREAD_LIMIT=\(ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] ?? "unset")")
        let reader = PageReader(workers: workers, languages: languages)
        defer { reader.stop() }
        // Warm-up: every worker loads its language data before the clock starts.
        _ = try await withThrowingTaskGroup(of: Int.self) { g in
            for _ in 0..<workers { g.addTask { try await reader.read(file: pages[0].file).count } }
            return try await g.reduce(0, +)
        }
        let jobs = (0..<rounds).flatMap { _ in pages.indices }
        var channelText = [Int: String]()
        var pageCount = 0
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: (Int, [PageReading]).self) { g in
            for i in jobs { g.addTask { (i, try await reader.read(file: pages[i].file)) } }
            for try await (i, readings) in g {
                pageCount += readings.count
                channelText[i] = readings.map(\.text).joined(separator: "\n")
            }
        }
        let channelSeconds = (ContinuousClock.now - start) / .seconds(1)

        let (w, l) = (workers, languages)
        let cli = try await withCheckedThrowingContinuation { c in
            // Off the cooperative pool: this thread waits for the processes.
            Thread.detachNewThread { c.resume(with: Result { try Self.cliRun(pages, jobs: jobs, workers: w, languages: l) }) }
        }
        let channelAccuracy = pages.indices.map { CharacterAccuracy.of(channelText[$0] ?? "", truth: pages[$0].truth) }
        let cliAccuracy = pages.indices.map { CharacterAccuracy.of(cli.text[$0] ?? "", truth: pages[$0].truth) }
        let channelRate = Double(pageCount) / channelSeconds * 60
        let cliRate = Double(jobs.count) / cli.seconds * 60
        print("file                          channel acc   tesseract CLI acc")
        for (i, p) in pages.enumerated() {
            let name = (p.file as NSString).lastPathComponent
            print("\(name.padding(toLength: 30, withPad: " ", startingAt: 0))\(percent(channelAccuracy[i]).leftPad(11))   \(percent(cliAccuracy[i]).leftPad(17))")
        }
        print("""
            pages read: \(pageCount) by each
            channel:        \(String(format: "%.1f", channelRate)) pages/min (\(String(format: "%.1f", channelSeconds)) s), mean character accuracy \(percent(mean(channelAccuracy)))
            tesseract CLI:  \(String(format: "%.1f", cliRate)) pages/min (\(String(format: "%.1f", cli.seconds)) s), mean character accuracy \(percent(mean(cliAccuracy)))
            ratio channel/CLI: \(String(format: "%.2f", channelRate / cliRate))
            """)
    }

    /// `tesseract` once per job, `workers` processes at a time, each with one OpenMP thread.
    static func cliRun(_ pages: [Page], jobs: [Int], workers: Int, languages: String) throws -> (seconds: Double, text: [Int: String]) {
        let out = NSTemporaryDirectory() + "intake-bench-ocr-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let env = ProcessInfo.processInfo.environment.merging(["OMP_THREAD_LIMIT": "1"]) { _, n in n }
        let tesseract = ["/usr/bin/tesseract", "/usr/local/bin/tesseract"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "tesseract"
        let failures = LockedList()
        let start = ContinuousClock.now
        let next = LockedCounter()
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                while let j = next.take(below: jobs.count) {
                    let base = "\(out)/\(j)"
                    do {
                        let pid = try ChildProcess.spawn(tesseract, [pages[jobs[j]].file, base, "-l", languages, "--psm", "1"],
                                                         environment: env, output: "\(base).log")
                        let status = ChildProcess.wait(pid)
                        if status != 0 { failures.append("tesseract exited \(status) on \(pages[jobs[j]].file)") }
                    } catch {
                        failures.append("\(error)")
                    }
                }
                group.leave()
            }
        }
        group.wait()
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        if let f = failures.items.first { throw BenchError(f) }
        var text: [Int: String] = [:]
        for (j, page) in jobs.enumerated() where text[page] == nil {
            text[page] = (try? String(contentsOfFile: "\(out)/\(j).txt", encoding: .utf8)) ?? ""
        }
        return (seconds, text)
    }

    func testPages() throws -> [Page] {
        let env = ProcessInfo.processInfo.environment["INTAKE_SHARED_DATA"]
        let roots = [data, env, "../shared/data", "/work/shared/data"].compactMap { $0 }
        guard let root = roots.first(where: { FileManager.default.fileExists(atPath: "\($0)/ocr/tesseract-test/phototest.tif") }) else {
            throw BenchError("the OCR test pages were not found in \(roots.joined(separator: ", ")); pass --data")
        }
        let dir = "\(root)/ocr/tesseract-test"
        func truth(_ name: String) throws -> String { try String(contentsOfFile: "\(dir)/\(name).txt", encoding: .utf8) }
        return try [
            Page(file: "\(dir)/phototest.tif", truth: truth("phototest")),
            Page(file: "\(dir)/phototest-rotated-L.png", truth: truth("phototest")),
            Page(file: "\(dir)/phototest-rotated-R.png", truth: truth("phototest")),
            Page(file: "\(dir)/phototest-rotated-180.png", truth: truth("phototest")),
            Page(file: "\(dir)/eurotext.tif", truth: truth("eurotext")),
            Page(file: "\(dir)/8071_093.3B.tif", truth: truth("8071_093.3B")),
            Page(file: "\(dir)/8087_054.3B.tif", truth: truth("8087_054.3B")),
        ]
    }

    func percent(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
    func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
}

private extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

private final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ s: String) { lock.withLock { list.append(s) } }
    var items: [String] { lock.withLock { list } }
}
