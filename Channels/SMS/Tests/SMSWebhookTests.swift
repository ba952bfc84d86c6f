import Foundation
import IntakeChannel
import IntakeCore
import IntakeTestSupport
import Testing
import TwilioSupport

/// One table of accepted webhooks, each through the real HTTP route and a real broker. What the
/// webhook refuses is in `SMSWebhookRefusalTests`, in process.
@Suite("SMS webhook")
struct SMSWebhookTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var parameters: [(String, String)] = TestTwilio.smsParameters(body: "Pothole on Speedway and Campbell")
        var query = ""
        var answerContains: [String] = []
        var answerLacks: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "signed SMS is accepted", answerContains: ["<Response><Message>", "we received your report"]),
        Case(name: "Spanish number answers in Spanish", parameters: TestTwilio.smsParameters(body: "Hay basura en la calle"),
             query: "?lang=es", answerContains: ["recibimos su reporte"]),
        Case(name: "Spanish words answer in Spanish", parameters: TestTwilio.smsParameters(body: "Hay un bache muy grande en la esquina"),
             answerContains: ["recibimos su reporte"]),
        // Words of the triage rules' emergency patterns get the emergency reply instead of the
        // thank-you; without an escalation sink configured it does not claim 911 was alerted.
        Case(name: "emergency words get the emergency reply, not the thank-you", parameters: TestTwilio.smsParameters(body: "my neighbor's garage is on fire"),
             answerContains: ["<Response><Message>City of Tucson 311: this sounds like an emergency. If anyone is in danger, call 911 now."],
             answerLacks: ["we received your report", "911 has been alerted"]),
        Case(name: "possible emergency words get it too", parameters: TestTwilio.smsParameters(body: "a kid is wandering alone by the road"),
             answerContains: ["call 911 now"], answerLacks: ["we received your report"]),
        Case(name: "in Spanish", parameters: TestTwilio.smsParameters(body: "mi vecino no respira, ayúdenme"),
             answerContains: ["esto parece una emergencia", "llame al 911 ahora"], answerLacks: ["recibimos su reporte"]),
    ]

    @Test(arguments: cases)
    func webhook(_ c: Case) async throws {
        try await ChannelHarness.with(settings: ["INTAKE_ACK_WAIT_MS": "0"]) { h in
            let r = try await h.post("/twilio/sms\(c.query)", c.parameters)
            #expect(r.status == 200, "\(r.body)")
            for s in c.answerContains { #expect(r.body.contains(s), "\(r.body)") }
            for s in c.answerLacks { #expect(!r.body.contains(s), "\(r.body)") }
            let sid = c.parameters.first { $0.0 == "MessageSid" }!.1
            try await h.probe.waitFor("the contact on the bus") { _ in (try? h.contacts(channel: "sms").contains { $0.id == "sms:\(sid)" }) == true }
            let contact = try #require(try h.contacts(channel: "sms").first { $0.id == "sms:\(sid)" })
            #expect(contact.text == c.parameters.first { $0.0 == "Body" }!.1)
            // Trace context travels as an MQTT v5 user property.
            let message = try #require(h.probe.messages(on: h.intake.settings.topics.contact(channel: "sms")).first)
            #expect(message.userProperty("traceparent").flatMap(TraceParent.init) != nil)
        }
    }

    @Test("an ordinary report gets no 911 advice; an emergency is marked as advised for the enrich stage")
    func adviceOnlyForEmergencies() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_ACK_WAIT_MS": "0"]) { h in
            let plain = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Nobody was hurt, but the streetlight is out"))
            #expect(!plain.body.contains("911 now"), "\(plain.body)")
            let sid = TestTwilio.messageSID()
            _ = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "smell gas in the street", sid: sid))
            try await h.probe.waitFor("the contact on the bus") { _ in (try? h.contacts(channel: "sms").contains { $0.id == "sms:\(sid)" }) == true }
            let contact = try #require(try h.contacts(channel: "sms").first { $0.id == "sms:\(sid)" })
            #expect(contact.channelData[ContactEnvelope.emergencyAdvisedKey] == .bool(true))
        }
    }

    @Test("MMS media are fetched, stored by hash and listed as attachments; unreachable media are noted, not fatal")
    func mms() async throws {
        let photo = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await ChannelHarness.with(settings: ["INTAKE_ACK_WAIT_MS": "0"], media: ["photo": (photo, "image/jpeg")]) { h in
            let sid = TestTwilio.messageSID()
            let params = TestTwilio.smsParameters(body: "Graffiti on the wall", sid: sid).filter { $0.0 != "NumMedia" } + [
                ("NumMedia", "2"),
                ("MediaUrl0", "\(h.provider.baseURL)/media/photo"), ("MediaContentType0", "image/jpeg"),
                ("MediaUrl1", "http://127.0.0.1:9/unreachable"), ("MediaContentType1", "image/png"),
            ]
            let r = try await h.post("/twilio/sms", params)
            #expect(r.status == 200)
            try await h.probe.waitFor { _ in (try? h.contacts(channel: "sms").isEmpty) == false }
            let contact = try #require(try h.contacts(channel: "sms").first)
            #expect(contact.attachments.count == 1)
            let a = try #require(contact.attachments.first)
            #expect(a.sha256 == BlobStore.sha256(photo))
            #expect(a.bytes == photo.count && a.mediaType == "image/jpeg")
            let stored = FileManager.default.contents(atPath: "\(h.intake.settings.dataDirectory)/blobs/\(a.sha256.prefix(2))/\(a.sha256)")
            #expect(stored.map([UInt8].init) == photo)
            guard case .array(let unfetched)? = contact.channelData["media_unfetched"] else {
                Issue.record("no media_unfetched note")
                return
            }
            #expect(unfetched.count == 1)
            // The bytes never travel on the bus.
            #expect(!h.probe.messages.contains { $0.payload.count > 4000 })
        }
    }
}

@Suite("Twilio's payload fixtures over HTTP")
struct TwilioFixtureWebhookTests {
    @Test("each fixture, sent byte for byte with the signature Twilio computed, is accepted", arguments: ["sms_inbound", "sms_inbound_unicode_body", "mms_inbound", "voice_inbound_call"])
    func accepted(name: String) async throws {
        let p = try #require(TwilioFixtures.payloads.first { $0.name == name })
        // The fixtures were signed for https://example.com with the token 12345.
        try await ChannelHarness.with(settings: ["INTAKE_PUBLIC_URL": "https://example.com", "INTAKE_TWILIO_AUTH_TOKEN": p.auth_token,
                                                 "INTAKE_ACK_WAIT_MS": "0"]) { h in
            let path = String(p.url.dropFirst("https://example.com".count))
            let r = try await TestTwilio.post(h.intake.baseURL + path, parameters: [], signature: p.headers["X-Twilio-Signature"],
                                              rawBody: p.raw_body, contentType: p.headers["Content-Type"]!)
            #expect(r.status == 200, "\(r.body)")
            #expect(r.body.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><Response>"#))
            if name.hasPrefix("voice") {
                #expect(r.body.contains("<Gather"))
            } else {
                try await h.probe.waitFor("the contact") { _ in (try? h.contacts(channel: "sms").isEmpty) == false }
                let c = try #require(try h.contacts(channel: "sms").first)
                #expect(c.text == p.form_params["Body"])
                #expect(c.externalID == p.form_params["MessageSid"])
                if name == "mms_inbound" {
                    // api.twilio.com is out of reach here: the message is kept, the media noted.
                    #expect(c.channelData["media_unfetched"] != nil)
                }
            }
        }
    }
}
