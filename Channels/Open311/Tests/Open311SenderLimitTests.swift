import Foundation
import IntakeTestSupport
import Testing

/// `INTAKE_SENDER_RATE_PER_MINUTE` on Open311: one resident (by email, phone or device id) is
/// limited, whichever app files for them; the app's other residents are not.
@Suite("Open311 per-resident limit")
struct Open311SenderLimitTests {
    @Test("a resident's third request in a minute is 429 with Retry-After in GeoReport's error shape; another resident of the same app gets 201")
    func residentOverLimit() async throws {
        try await Open311TestClient.with(stages: [.adapters], settings: ["INTAKE_SENDER_RATE_PER_MINUTE": "2"]) { _, api in
            for i in 0..<2 {
                let ok = try await api.post("/requests.json", Open311TestClient.pothole("Pothole number \(i) on Stone"))
                #expect(ok.status == 201, "\(ok.body)")
            }
            let refused = try await api.post("/requests.json", Open311TestClient.pothole("Yet another pothole on Stone"))
            #expect(refused.status == 429, "\(refused.body)")
            #expect(refused.retryAfter.flatMap(Int.init).map { (1...60).contains($0) } == true, "\(refused.retryAfter ?? "none")")
            #expect(refused.list.first?["code"] as? Int == 429)
            #expect((refused.list.first?["description"] as? String)?.contains("too many requests") == true, "\(refused.body)")

            // Another resident: own email, phone and device.
            var other = Open311TestClient.pothole("A pothole by the library")
            other = other.map { k, v in
                switch k {
                case "email": (k, "luis@example.org")
                case "device_id": (k, "dev-2")
                default: (k, v)
                }
            }
            let fine = try await api.post("/requests.json", other)
            #expect(fine.status == 201, "\(fine.body)")
        }
    }
}
