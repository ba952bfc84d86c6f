import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// The contract for adapters in any language, kept by `Channels/Examples/python/adapter.py`
/// against the real broker, the real enrich stage and writer, and PostgreSQL.
@Suite("Python adapter")
struct PythonAdapterTests {
    @Test("a contact posted to the Python adapter gets a receipt, leaves the spool, and is one case; its envelope satisfies the schema")
    func contactReceiptCase() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                let watcher = try BusProbe(stack, role: "operator")
                try await watcher.start(subscribing: ["311/v1/contact/web", "311/v1/deadletter/#"])
                let spool = try Paths.temporaryDirectory("python-spool")
                let adapter = try await PythonAdapterProcess.start(stack, spool: spool)
                let externalID = "form-\(UUID().uuidString.prefix(8))"
                let form: [String: Any] = [
                    "external_id": externalID, "language": "es", "text": "Hay un bache enorme en la calle Stone",
                    "sender": ["kind": "email", "address": "ana@example.org"],
                    "location": ["text": "Stone y Congress", "source": "resident"],
                ]
                let accepted = try await adapter.post("/contacts", json: form)
                #expect(accepted.status == 202)
                let id = try #require(accepted.json["id"] as? String)
                #expect(id == "web:\(externalID)")

                let ref = try await adapter.waitForReceipt(id)
                #expect(ref.hasPrefix("TUC-"))
                try await stack.waitForValue("SELECT case_ref FROM contacts WHERE id = $1", [id], equals: ref)
                try await stack.waitForValue("SELECT language || ' ' || adapter || ' ' || sender_kind FROM contacts WHERE id = $1", [id],
                                             equals: "es python-web email")
                #expect(PythonAdapterProcess.spooled(spool).isEmpty, "the receipt removes the contact from the spool")

                // The provider sends the same form again: the same id, no second case.
                let again = try await adapter.post("/contacts", json: form)
                #expect(again.json["id"] as? String == id)
                #expect(again.json["case_ref"] as? String == ref)
                try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")

                // What the Python adapter published is a valid intake.contact/1 by the Swift validator too.
                let published = try #require(watcher.messages(on: "311/v1/contact/web").first)
                #expect(try ContactSchema.shared.get().validate(JSONReader.parse(published.payload)) == nil)
                #expect(published.userProperty(TraceParent.propertyName).flatMap(TraceParent.init) != nil)
                #expect(watcher.messages(on: "311/v1/deadletter/").isEmpty)

                // A form that does not make a valid contact is refused before it is accepted.
                let invalid = try await adapter.post("/contacts", json: ["text": "x", "sender": ["kind": "phone", "address": "555"]])
                #expect(invalid.status == 400)
                #expect((invalid.json["error"] as? [String: Any])?["path"] as? String == "/sender/address")
                #expect(await adapter.signal(SIGTERM) == 0)
                await watcher.stop()
            }
        }
    }

    @Test("killed with SIGKILL after spooling a contact and before its receipt, the restarted adapter publishes it again: exactly one case")
    func resendAfterSIGKILL() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                let spool = try Paths.temporaryDirectory("python-spool")
                let first = try await PythonAdapterProcess.start(stack, spool: spool, redeliverySeconds: 1)
                // No broker: nothing can be published, so no receipt can come.
                try await stack.brokerStop()
                let accepted = try await first.post("/contacts", json: ["external_id": "kill-\(UUID().uuidString.prefix(8))",
                                                                        "text": "Water main leaking at Speedway and Campbell"])
                #expect(accepted.status == 202)
                let id = try #require(accepted.json["id"] as? String)
                #expect(PythonAdapterProcess.spooled(spool).count == 1, "fsync'd in the spool before the answer")
                #expect(await first.signal(SIGKILL) == 128 + SIGKILL)

                try await stack.brokerStart()
                try await Task.sleep(for: .seconds(1))
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", [id], equals: "0", timeout: .seconds(1))

                let restarted = try await PythonAdapterProcess.start(stack, spool: spool, redeliverySeconds: 1)
                let ref = try await restarted.waitForReceipt(id)
                try await stack.waitForValue("SELECT case_ref FROM contacts WHERE id = $1", [id], equals: ref)
                #expect(PythonAdapterProcess.spooled(spool).isEmpty)
                // Republished at start and perhaps again before the receipt: still one contact, one case.
                try await Task.sleep(for: .seconds(2))
                try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "1")
                try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
                #expect(restarted.log.contains("publishing 1 spooled contact(s) again"))
                #expect(await restarted.signal(SIGTERM) == 0)
            }
        }
    }
}
