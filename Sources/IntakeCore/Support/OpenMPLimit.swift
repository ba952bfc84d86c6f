import Foundation
import Glibc

/// One OpenMP thread per OCR worker. libgomp (linked through libtesseract) reads
/// `OMP_THREAD_LIMIT` only as the process loads, before any Swift code runs, so when it is unset
/// an executable that may run OCR (`intake`, `intake-bench`) sets it to 1 and executes itself
/// again (same pid, same arguments). With OpenMP's default threads, Tesseract's workers fight each other for the cores: about 11 s for one
/// 300-dpi page on two cores, against 2 s with one thread each. An operator's own value is kept.
public enum OpenMPLimit {
    public static func applyByRestarting() {
        guard getenv("OMP_THREAD_LIMIT") == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Not replaced (no /proc): OCR then runs with OpenMP's defaults, and says so in its log.
    }
}
