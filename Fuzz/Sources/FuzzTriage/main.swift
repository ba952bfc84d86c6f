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

/// The name libFuzzer looks for when its own main runs (SwiftPM's debug builds).
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    return fuzzTriage(data, size)
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    return fuzzTriage(data, size)
})
