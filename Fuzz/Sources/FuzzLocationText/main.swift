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

/// What libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    return fuzzLocationText(data, size)
}

exit(intake_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
