import CFuzzDriver
import Foundation
import IntakeCore

/// The contact envelope reader, as enrich and the writer run it on bus messages: any bytes are
/// read or refused, and what is read writes back to an envelope that reads the same (as JSON).
func fuzzEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let contact = try? IntakeJSON.decode(ContactEnvelope.self, from: bytes) else { return 0 }
    let again = IntakeJSON.encode(contact)
    guard let reread = try? IntakeJSON.decode(ContactEnvelope.self, from: again) else {
        preconditionFailure("an envelope we wrote could not be read back")
    }
    // Compared as JSON values: objects are unordered (channel_data is a dictionary).
    precondition((try? JSONReader.parse(IntakeJSON.encode(reread))) == (try? JSONReader.parse(again)),
                 "an envelope changed on a round trip")
    return 0
}

/// What libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    return fuzzEnvelope(data, size)
}

exit(intake_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
