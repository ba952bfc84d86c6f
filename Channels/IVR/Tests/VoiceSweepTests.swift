import Foundation
import IntakeBus
import IntakeChannel
import IntakeCore
import IntakeSpool
import IntakeTestSupport
import IVRChannel
import Logging
import Testing
import TwilioSupport

/// The expiry sweep, on a real broker: calls that went quiet end as a hang-up would end them.
@Suite("Voice sweep")
struct VoiceSweepTests {
    @Test("a quiet call with a location and a description becomes a contact; a quiet empty one is forgotten; a recent one is left alone")
    func sweep() async throws {
        try await TestStack.with { stack in
            let data = try Paths.temporaryDirectory("voice-sweep")
            let settings = try stack.settings(["INTAKE_DATA_DIR": data, "INTAKE_TWILIO_AUTH_TOKEN": TestTwilio.authToken,
                                               "INTAKE_ACK_WAIT_MS": "0"])
            let logger = Logger(label: "sweep-test")
            let bus = MQTTClient.stage("adapters", settings: settings, logger: logger)
            let running = Task { try await bus.run() }
            try await withTimeout(.seconds(10)) { try await bus.waitUntilConnected() }
            let probe = try BusProbe(stack)
            try await probe.start(subscribing: [settings.topics.contact(channel: "voice")])
            let context = ChannelContext(settings: settings, bus: bus, templates: try await TemplateLibrary(directory: Paths.templates),
                                         blobs: try BlobStore(directory: "\(data)/blobs"), logger: logger)
            let intake = try context.intake(adapter: VoiceContact.adapter, channel: VoiceContact.channel)
            let store = try CallStore(directory: "\(data)/calls", logger: logger)
            let calls = VoiceCalls(
                flow: CallFlow(policy: CallPolicy(emergencyNumber: "911"), emergencyScreen: TestRules.emergencyScreen), store: store,
                renderer: TwiMLRenderer(templates: context.templates, publicURL: settings.publicURL),
                intake: intake, escalations: EscalationPublisher(bus: bus, topics: settings.topics),
                media: VoicemailMedia(rest: TwilioRESTClient(twilio: TwilioSettings(authToken: TestTwilio.authToken, publicURL: settings.publicURL)),
                                      blobs: context.blobs, maxBytes: 1 << 20),
                timings: CallEnding.Timings(liveCallExpiry: .seconds(600)), logger: logger)

            let now = Date()
            let quiet = now.addingTimeInterval(-601)
            var reported = CallState(callSID: TestCall().sid, caller: "+15205550123", called: "+15205550311", step: .voicemailOffer, now: quiet)
            reported.location = Heard(text: "Stone and Speedway", confidence: 0.9)
            reported.locationConfirmed = true
            reported.description = Heard(text: "Sidewalk blocked by construction signs", confidence: 0.9)
            let empty = CallState(callSID: TestCall().sid, caller: "+15205550124", called: "+15205550311", now: quiet)
            var recent = CallState(callSID: TestCall().sid, caller: "+15205550125", called: "+15205550311", step: .voicemailOffer, now: now)
            recent.description = Heard(text: "Dead animal in the road", confidence: 0.9)
            for s in [reported, empty, recent] { try store.save(s) }

            await calls.sweep(now: now)

            try await probe.waitFor("the swept call's contact") { !$0.isEmpty }
            let contacts = try probe.messages.map { try IntakeJSON.decode(ContactEnvelope.self, from: $0.payload) }
            #expect(contacts.map(\.id) == ["voice:\(reported.callSID)"])
            #expect(contacts.first?.location?.text == "Stone and Speedway")
            guard case .object(let ivr)? = contacts.first?.channelData["ivr"] else { throw TestSetupError("no ivr data") }
            #expect(ivr["ended"] == .string("expired"))
            #expect(store.callSIDs() == [recent.callSID])

            await probe.stop()
            await bus.shutdown()
            running.cancel()
            await intake.spool.close()
        }
    }
}
