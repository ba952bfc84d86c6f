import CFuzzDriver
import Foundation
import IntakeLocate

let parser = LocationTextParser(cityNames: ["Tucson", "South Tucson", "Oro Valley", "Marana"])

/// The location text parser on anything a resident might type: it must answer, never crash.
func fuzzLocationText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = parser.parse(text)
    return 0
}

/// The name libFuzzer looks for when its own main runs (SwiftPM's debug builds).
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    return fuzzLocationText(data, size)
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    return fuzzLocationText(data, size)
})
