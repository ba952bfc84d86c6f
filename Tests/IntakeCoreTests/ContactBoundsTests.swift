import Foundation
import IntakeCore
import Testing

@Suite("What a contact may say")
struct ContactBoundsTests {
    @Test("received_at must fall between 2000 and a day ahead of now")
    func window() throws {
        let now = try #require(RFC3339.date(from: "2026-11-30T12:00:00Z"))
        var c = EnvelopeTests.sample()
        for ok in ["2000-01-01T00:00:00Z", "2026-11-30T12:00:00Z", "2026-12-01T11:59:00Z"] {
            c.receivedAt = try #require(RFC3339.date(from: ok))
            #expect(ContactBounds.violation(c, now: now) == nil, "\(ok)")
        }
        for bad in ["1999-12-31T23:59:59Z", "2026-12-01T12:01:00Z", "9999-06-01T00:00:00Z"] {
            c.receivedAt = try #require(RFC3339.date(from: bad))
            let v = try #require(ContactBounds.violation(c, now: now), "\(bad)")
            #expect(v.path == "/received_at")
        }
    }

    @Test("NULs are taken out of every string and the cleaned fields are recorded")
    func nulsRemoved() {
        var c = EnvelopeTests.sample()
        c.text = "Bache\u{0} en\u{0} la esquina"
        c.sender.name = "Ana\u{0}"
        c.channelData = ["Body": .string("x\u{0}y"), "n": .number(1)]
        let (clean, fields) = c.withoutNULs()
        #expect(clean.text == "Bache en la esquina")
        #expect(clean.sender.name == "Ana")
        #expect(clean.channelData["Body"] == .string("xy"))
        #expect(fields == ["text", "sender.name", "channel_data"])
        #expect(clean.channelData[ContactEnvelope.cleanedKey] == .array([.string("text"), .string("sender.name"), .string("channel_data")]))
        let untouched = EnvelopeTests.sample().withoutNULs()
        #expect(untouched.cleaned.isEmpty)
        #expect(untouched.contact == EnvelopeTests.sample())
    }

    @Test("the log fingerprint is a keyed HMAC: it changes with the key, and the key file is made once, private")
    func keyedFingerprint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fp-\(UUID().uuidString)").path
        let path = "\(dir)/secrets/log-fingerprint-key"
        let key = try LogFingerprintKey.loadOrCreate(path: path)
        #expect(key.count == 64)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try LogFingerprintKey.loadOrCreate(path: path)
        #expect(again == key, "an existing key is kept")
        let first = Redacted.fingerprint("+15205550123", key: key)
        #expect(first.count == 12)
        let hex = first.allSatisfy { $0.isHexDigit }
        #expect(hex)
        #expect(Redacted.fingerprint("+15205550123", key: key) == first)
        #expect(Redacted.fingerprint("+15205550124", key: key) != first)
        #expect(Redacted.fingerprint("+15205550123", key: Array("another install".utf8)) != first)
        #expect(Redacted("+15205550123").description.hasPrefix("<redacted 12B #"))
        try? FileManager.default.removeItem(atPath: dir)
    }
}
