import CFuzzDriver
import Foundation
import IntakeTriage

/// The city's triage rules (Docker/config/triage-rules.yaml, or INTAKE_TRIAGE_RULES).
let engine: TriageEngine = {
    let path = ProcessInfo.processInfo.environment["INTAKE_TRIAGE_RULES"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Docker/config/triage-rules.yaml").standardized.path
    do {
        return try TriageEngine(path: path)
    } catch {
        fatalError("triage rules not loaded from \(path): \(error)")
    }
}()

/// The triage matcher on any text: it must classify, never crash.
func fuzzTriage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = engine.classify(text)
    return 0
}

/// What libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    return fuzzTriage(data, size)
}

exit(intake_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
