import Foundation
import Logging

/// Dedicated threads for blocking OCR work, one Tesseract each, so that recognition (seconds per
/// page) never occupies Swift's cooperative pool.
///
/// Sized to the cores, each worker runs Tesseract with one OpenMP thread: on a 2-core machine one
/// 300-dpi page took about 11 s with OpenMP's default threads fighting each other, 2 s with one.
/// libgomp reads `OMP_THREAD_LIMIT` when the process loads, so `intake` sets it before it starts
/// (see `OpenMPLimit`); the pool logs a warning when the limit is not 1.
final class OCRWorkerPool: @unchecked Sendable {
    typealias Job = (TesseractEngine?, (any Error)?) -> Void

    let workers: Int
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopped = false

    init(workers: Int, languages: String, dataPath: String? = nil, logger: Logger) {
        self.workers = max(1, workers)
        setenv("OMP_THREAD_LIMIT", "1", 0)
        let limit = TesseractEngine.openMPThreadLimit
        if limit != 1 {
            logger.warning("OCR: OpenMP thread limit is \(limit), not 1; start the process with OMP_THREAD_LIMIT=1 for one thread per worker")
        }
        for i in 0..<self.workers {
            let thread = Thread { [self] in self.work(languages: languages, dataPath: dataPath, logger: logger) }
            thread.name = "ocr-\(i)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body` on a worker thread with that worker's Tesseract, and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (TesseractEngine) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            let job: Job = { engine, error in
                guard let engine else { return c.resume(throwing: error ?? OCRError.stopped) }
                c.resume(with: Result { try body(engine) })
            }
            condition.lock()
            if stopped {
                condition.unlock()
                return c.resume(throwing: OCRError.stopped)
            }
            jobs.append(job)
            condition.signal()
            condition.unlock()
        }
    }

    /// Whether `stop()` was called: a long job checks it between pages.
    var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// Lets the workers finish the jobs they have and end; later jobs fail with `stopped`.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func work(languages: String, dataPath: String?, logger: Logger) {
        var engine: TesseractEngine?
        var failure: (any Error)?
        do {
            engine = try TesseractEngine(languages: languages, dataPath: dataPath)
        } catch {
            failure = error
            logger.error("\(error)")
        }
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job(engine, failure)
        }
    }
}
