import CADChannel
import Foundation
import IntakeCore
import Testing

@Suite("911 centre link: handoff bodies, tokens, signatures")
struct CADUnitTests {
    @Test("a full handoff becomes a cad contact keyed by the incident number")
    func handoffBody() throws {
        let body = #"{"incident_number":"T2611300042","nature":"pothole","text":"deep hole","location":{"address":"100 N Stone Ave","lat":32.2231,"lon":-110.9713},"callback":"+15205550123","language":"es-MX"}"#
        let h = try HandoffRequest(body: Array(body.utf8))
        let c = h.contact()
        #expect(c.id == "cad:T2611300042")
        #expect(c.channel == "cad" && c.adapter == "cad")
        #expect(c.externalID == "T2611300042")
        #expect(c.text == "pothole: deep hole")
        #expect(c.language == "es")
        #expect(c.sender.kind == .phone && c.sender.address == "+15205550123")
        #expect(c.location?.text == "100 N Stone Ave" && c.location?.lat == 32.2231)
        #expect(c.channelData["cad_incident"] == .string("T2611300042"))
        // A number as incident number, an address string as location, no callback.
        let short = try HandoffRequest(body: Array(#"{"incident_number":42,"text":"graffiti","location":"5th and 6th"}"#.utf8)).contact()
        #expect(short.id == "cad:42" && short.location?.text == "5th and 6th" && short.sender.kind == .anonymous)
    }

    @Test("bad handoff bodies are refused with the field named", arguments: [
        ("[]", "not a JSON object"),
        (#"{"text":"x"}"#, "incident_number"),
        (#"{"incident_number":"a b","text":"x"}"#, "incident_number must be"),
        (#"{"incident_number":"T1"}"#, "text or nature"),
        (#"{"incident_number":"T1","text":"x","location":{"lat":32}}"#, "both lat and lon"),
        (#"{"incident_number":"T1","text":"x","location":{"lat":132,"lon":1}}"#, "location.lat"),
        (#"{"incident_number":"T1","text":7}"#, "text must be a string"),
    ])
    func badBodies(_ body: String, _ expected: String) {
        #expect {
            _ = try HandoffRequest(body: Array(body.utf8))
        } throws: { ($0 as? HandoffProblem)?.description.contains(expected) == true }
    }

    @Test("tokens are checked against their SHA-256 hashes; anything else is refused")
    func tokens() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "# 911 centre\n\(CentreTokens.hash("s3cret")) Tucson PSCD\n\n".write(toFile: "\(dir)/t", atomically: true, encoding: .utf8)
        let tokens = try CentreTokens(path: "\(dir)/t")
        #expect(tokens.verify(authorization: "Bearer s3cret") == "Tucson PSCD")
        #expect(tokens.verify(authorization: "bearer s3cret") == "Tucson PSCD")
        #expect(tokens.verify(authorization: "Bearer s3cret2") == nil)
        #expect(tokens.verify(authorization: "Basic s3cret") == nil)
        #expect(tokens.verify(authorization: nil) == nil)
        #expect(tokens.verify(authorization: "Bearer ") == nil)
        try "s3cret\n".write(toFile: "\(dir)/plain", atomically: true, encoding: .utf8)
        #expect(throws: CentreTokensError.self) { try CentreTokens(path: "\(dir)/plain") }
    }

    @Test("the CAD signature: HMAC-SHA256 over timestamp, dot, body; a changed body, key or old timestamp fails")
    func signature() {
        let s = CADSignature(key: Array("key".utf8))
        let body = Array(#"{"id":"e1"}"#.utf8)
        let now = Date()
        let t = Int(now.timeIntervalSince1970)
        let sig = s.sign(body: body, timestamp: t)
        #expect(sig.hasPrefix("v1=") && sig.count == 3 + 64)
        #expect(s.verify(body: body, timestamp: String(t), signature: sig, now: now))
        #expect(!s.verify(body: body + [0x20], timestamp: String(t), signature: sig, now: now))
        #expect(!CADSignature(key: Array("other".utf8)).verify(body: body, timestamp: String(t), signature: sig, now: now))
        #expect(!s.verify(body: body, timestamp: String(t), signature: sig, now: now.addingTimeInterval(301)))
        // The documented scheme, by a vector from another implementation (Python's hmac module).
        #expect(s.sign(body: Array("{}".utf8), timestamp: 0) == "v1=7314351dd949aa7ec06f50fc2c96e618291447672c9b7f10b49d1ce46dad00b3")
    }
}
