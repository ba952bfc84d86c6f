import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeTestSupport
import IVRChannel
import Testing

extension TestCall {
    /// Posts each step of the call, signed, to `baseURL` and returns the last answer; every step must be a 200.
    @discardableResult
    func walk(_ baseURL: String, _ steps: [(VoiceRoute, [(String, String)])],
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        var last = ""
        for (route, extra) in steps {
            let r = try await TestTwilio.post(baseURL + route.path, parameters: parameters(extra))
            #expect(r.status == 200, "\(route.path): \(r.body)", sourceLocation: sourceLocation)
            last = r.body
        }
        return last
    }

    /// Up to the voice message offer, in English: where, confirmed, and what.
    static func reportSteps(location: String, description: String) -> [(VoiceRoute, [(String, String)])] {
        [(.start, []), (.language, digits("1")), (.location, speech(location)), (.confirm, digits("1")),
         (.description, speech(description))]
    }
}

enum VoiceTestSupport {
    /// The case reference read back in a TwiML answer ("T. U. C. 2. 0. 2. 6. …"), rebuilt as `TUC-2026-000001`.
    static func spokenReference(in twiml: String) -> String? {
        guard let start = twiml.range(of: "T. U. C. ") else { return nil }
        let chars = twiml[start.lowerBound...].prefix(while: { $0 != "<" }).filter { $0.isLetter || $0.isNumber }
        guard chars.count >= 9 else { return nil }
        return CaseReference(parsing: "\(chars.prefix(3))-\(chars.dropFirst(3).prefix(4))-\(chars.dropFirst(7))")?.description
    }

    /// The value of a Prometheus sample such as `intake_calls_abandoned_total{step="menu"}` at `/metrics`, 0 when absent.
    static func metric(_ sample: String, at baseURL: String) async throws -> Double {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/metrics"), timeout: .seconds(5))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 22))
        for line in body.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1)) ?? 0
        }
        return 0
    }

    /// Waits until `condition` holds, polling.
    static func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("\(what) did not happen within \(timeout)")
    }
}
