import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import Testing

/// An accepted contact is never lost and never makes two cases, whatever stops when.
@Suite("Delivery promise")
struct DeliveryPromiseTests {
    @Test("the broker stops between the 200 and the publish: the contact still becomes one case")
    func brokerDownAfterAccept() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: ["INTAKE_ACK_WAIT_MS": "300"]) { h in
            try await h.stack.brokerStop()
            let sid = TestTwilio.messageSID()
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Abandoned car on Oracle Rd", sid: sid))
            // Accepted (durable in the spool) although nothing could be published.
            #expect(r.status == 200)
            #expect(r.body.contains("will follow"))
            try await h.stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "0", timeout: .seconds(1))

            try await h.stack.brokerStart()
            try await h.stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1", timeout: .seconds(30))
            // Republished more than once while waiting, still one case.
            try await Task.sleep(for: .seconds(2))
            try await h.stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
        }
    }

    @Test("the adapter is killed after the 200 while the broker is down: after a restart the contact becomes one case")
    func adapterKilledAfterAccept() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                let data = try Paths.temporaryDirectory("adapter-data")
                let env = ["INTAKE_DATA_DIR": data, "INTAKE_ACK_WAIT_MS": "200", "INTAKE_REDELIVERY_SECONDS": "1"]
                let adapter = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                try await stack.brokerStop()
                let sid = TestTwilio.messageSID()
                let r = try await TestTwilio.post("\(adapter.baseURL)/twilio/sms", parameters: TestTwilio.smsParameters(body: "Noise all night", sid: sid))
                #expect(r.status == 200)
                await adapter.kill()

                try await stack.brokerStart()
                try await Task.sleep(for: .seconds(1))
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "0", timeout: .seconds(1))
                let restarted = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1", timeout: .seconds(30))
                try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
                #expect(await restarted.terminate() == 0)
                #expect(restarted.log.contains("still wait for a receipt"))
            }
        }
    }

    @Test("the writer is down when the contact comes: it is stored once the writer is back")
    func writerDown() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.adapters, .enrich], settings: ["INTAKE_ACK_WAIT_MS": "200"]) { adapters in
                let sid = TestTwilio.messageSID()
                let r = try await TestTwilio.post("\(adapters.baseURL)/twilio/sms", parameters: TestTwilio.smsParameters(body: "Trash not picked up", sid: sid))
                #expect(r.status == 200)
                try await Task.sleep(for: .seconds(1))
                try await RunningIntake.with(stack, stages: [.writer]) { _ in
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1", timeout: .seconds(30))
                }
            }
        }
    }
}
