import Foundation
import IntakeCore
import IVRChannel
import Testing
import TwilioSupport

/// The one contact a call makes.
@Suite("Voice contact")
struct VoiceContactTests {
    static func call(caller: String = "+15205550123") -> CallState {
        let form = FormBody(pairs: TestCall(from: caller).parameters())
        var s = CallState(callSID: "CA" + String(repeating: "b", count: 32), caller: caller, called: "+15205550311",
                          providerData: VoiceContact.providerData(from: form), now: Date(timeIntervalSince1970: 1_800_000_000))
        s.language = "es"
        s.location = Heard(text: "Calle Stone y Congress", confidence: 0.83)
        s.locationConfirmed = true
        s.description = Heard(text: "Hay un bache enorme", confidence: 0.9)
        return s
    }

    @Test("id, sender, conversation, location and text come from the call")
    func mapping() throws {
        let c = try #require(VoiceContact.envelope(from: Self.call(), revision: 1))
        #expect(c.id == "voice:CA" + String(repeating: "b", count: 32))
        #expect(c.channel == "voice" && c.adapter == "twilio-voice")
        #expect(c.externalID == "CA" + String(repeating: "b", count: 32))
        #expect(c.conversation == c.externalID)
        #expect(c.sender == Sender(kind: .phone, address: "+15205550123"))
        #expect(c.language == "es")
        #expect(c.text == "Hay un bache enorme")
        #expect(c.location == Location(text: "Calle Stone y Congress", source: .resident))
        #expect(c.receivedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(c.channelData["To"] == .string("+15205550311"))
        #expect(c.channelData["FromZip"] == .string("85701"))
        // The caller's number is the sender, not repeated in channel_data.
        #expect(c.channelData["From"] == nil && c.channelData["Caller"] == nil)
        guard case .object(let ivr)? = c.channelData["ivr"] else { throw Failure() }
        #expect(ivr["location_confirmed"] == .bool(true))
        #expect(ivr["location_confidence"] == .number(0.83))
    }

    @Test("a withheld number makes an anonymous sender")
    func anonymous() throws {
        let c = try #require(VoiceContact.envelope(from: Self.call(caller: "+266696687"), revision: 1))
        #expect(c.sender == Sender(kind: .anonymous, address: nil))
    }

    @Test("the voice message travels as an attachment and its transcription in channel_data; without a description it is the text")
    func voicemail() throws {
        var s = Self.call()
        s.description = nil
        var v = Voicemail(recordingSID: "RE1", recordingURL: "https://api.twilio.com/rec/RE1", durationSeconds: 12, transcriptionExpected: true)
        v.attachment = Attachment(sha256: String(repeating: "c", count: 64), mediaType: "audio/x-wav", bytes: 4096, name: "voicemail")
        v.transcription = "There is a pothole in front of my house"
        v.transcriptionStatus = "completed"
        s.voicemail = v
        let c = try #require(VoiceContact.envelope(from: s, revision: 3))
        #expect(c.revision == 3)
        #expect(c.attachments == [v.attachment!])
        #expect(c.text == "There is a pothole in front of my house")
        guard case .object(let data)? = c.channelData["voicemail"] else { throw Failure() }
        #expect(data["transcription"] == .string("There is a pothole in front of my house"))
        #expect(data["recording_sid"] == .string("RE1"))
    }

    @Test("a call with nothing to report makes no contact")
    func nothing() {
        var s = Self.call()
        s.description = nil
        #expect(VoiceContact.envelope(from: s, revision: 1) == nil)
    }

    @Test("the escalation carries the callback number, the location and what was said")
    func escalation() throws {
        var s = Self.call()
        s.escalation = EscalationRecord(reason: "emergency words: breathing", heard: "mi vecino no respira", raisedAt: Date())
        let e = try #require(VoiceEscalation.message(for: s))
        #expect(e.channel == "voice")
        #expect(e.callback == "+15205550123")
        #expect(e.location?.text == "Calle Stone y Congress")
        #expect(e.text == "Hay un bache enorme\nmi vecino no respira")
        #expect(e.reason == "emergency words: breathing")
        #expect(e.id == "escalation:voice:" + s.callSID)
    }

    struct Failure: Error {}
}
