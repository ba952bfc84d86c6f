import CFuzzDriver
import Foundation
import TwilioSupport

/// A webhook's form body as Twilio would post it, and its signature check: any bytes must be
/// parsed or refused, never crash, and a check over what parsed must answer.
func fuzzFormBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first bytes, up to a newline, are the X-Twilio-Signature header; the rest the body.
    let split = bytes.firstIndex(of: 10) ?? 0
    let header = String(decoding: bytes[..<split], as: UTF8.self)
    let body = Array(bytes[(split == 0 ? 0 : split + 1)...])
    guard let form = try? FormBody(parsing: body) else { return 0 }
    let signer = TwilioSignature(authToken: "fuzz-auth-token")
    _ = signer.isValid(signature: header, url: "https://intake.example/twilio/sms", parameters: form.pairs, rawBody: body)
    // A body we sign ourselves must check.
    let own = signer.compute(url: "https://intake.example/twilio/sms", parameters: form.pairs)
    precondition(signer.isValid(signature: own, url: "https://intake.example/twilio/sms", parameters: form.pairs),
                 "a signature computed over a parsed body did not check")
    return 0
}

/// What libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    return fuzzFormBody(data, size)
}

exit(intake_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
