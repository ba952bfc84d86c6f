import AsyncHTTPClient
import Foundation
import IntakeBus
import IntakeCore
import IntakeTestSupport
import Testing

/// `/metrics` carries what an operator watches the floor by, and the Grafana dashboard asks for
/// nothing else.
@Suite("Floor metrics")
struct FloorMetricsTests {
    /// Prometheus text: each sample's name (with its labels) and value, and each metric's type.
    struct Exposition {
        var samples: [(name: String, labels: String, value: Double)] = []
        var types: [String: String] = [:]

        init(_ text: String) {
            for line in text.split(separator: "\n") {
                if line.hasPrefix("# TYPE ") {
                    let parts = line.split(separator: " ")
                    if parts.count >= 4 { types[String(parts[2])] = String(parts[3]) }
                    continue
                }
                guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
                let series = line[..<space]
                let name = series.split(separator: "{", maxSplits: 1).first.map(String.init) ?? String(series)
                let labels = series.contains("{") ? String(series.drop { $0 != "{" }) : ""
                samples.append((name, labels, value))
            }
        }

        /// The sum of a metric's samples whose labels contain every one of `labels` (`channel="sms"`).
        func total(_ name: String, _ labels: String...) -> Double? {
            let matching = samples.filter { s in s.name == name && labels.allSatisfy { s.labels.contains($0) } }
            return matching.isEmpty ? nil : matching.map(\.value).reduce(0, +)
        }
    }

    static func metrics(_ intake: RunningIntake) async throws -> Exposition {
        let r = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(intake.baseURL)/metrics"), timeout: .seconds(10))
        #expect(r.status == .ok)
        return Exposition(String(buffer: try await r.body.collect(upTo: 1 << 22)))
    }

    /// The metric names the dashboard's queries use (histogram series reduced to their metric).
    static func dashboardMetrics(types: [String: String]) throws -> Set<String> {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Paths.repository)/Docker/grafana/intake311.json"))
        let text = String(decoding: data, as: UTF8.self)
        // It is JSON Grafana can import; the names are read from every query string in it.
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((dashboard["panels"] as? [Any])?.isEmpty == false)
        let templating = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        #expect(templating.contains { $0["type"] as? String == "datasource" && $0["query"] as? String == "prometheus" },
                "the Prometheus data source is a template variable")
        let names = text.matches(of: /intake_[a-z0-9_]+/).map { String($0.output) }
        return Set(names.map { name in
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if types[base] == "histogram" { return base }
            }
            return name
        })
    }

    @Test("after an SMS becomes a case, /metrics has per-channel counts, stage latencies, spool and receipt gauges; the dashboard asks only for those")
    func metricsAndDashboard() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer]) { h in
            let before = try await Self.metrics(h.intake)
            let received = before.total(PipelineMetrics.receivedName, "channel=\"sms\"") ?? 0
            let published = before.total(PipelineMetrics.publishedName, "channel=\"sms\"") ?? 0
            let e2e = before.total("\(PipelineMetrics.stageLatencyName)_count", "stage=\"end_to_end\"") ?? 0

            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Streetlight out on 4th Ave", sid: TestTwilio.messageSID()))
            #expect(r.status == 200)
            let forged = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "forged"), signing: .wrongToken)
            #expect(forged.status == 403)
            _ = try await h.probe.waitFor("the receipt") { m in m.contains { $0.topic.contains("/receipt/") } }

            let after = try await Self.metrics(h.intake)
            #expect(after.total(PipelineMetrics.receivedName, "channel=\"sms\"") ?? 0 >= received + 1)
            #expect(after.total(PipelineMetrics.publishedName, "channel=\"sms\"") ?? 0 >= published + 1)
            #expect(after.total(PipelineMetrics.rejectedName, "channel=\"sms\"") ?? 0 >= 1)
            for stage in PipelineMetrics.Stage.allCases {
                #expect(after.total("\(PipelineMetrics.stageLatencyName)_count", "stage=\"\(stage.rawValue)\"") ?? 0 >= 1, "\(stage)")
                #expect(after.total("\(PipelineMetrics.stageLatencyName)_bucket", "stage=\"\(stage.rawValue)\"", "le=\"+Inf\"") != nil)
            }
            #expect(after.total("\(PipelineMetrics.stageLatencyName)_count", "stage=\"end_to_end\"") ?? 0 >= e2e + 1)
            #expect(after.types[PipelineMetrics.stageLatencyName] == "histogram")
            // The receipt has come: nothing of this adapter is waiting.
            #expect(after.total(PipelineMetrics.spoolDepthName, "adapter=\"twilio-sms\"") != nil)
            #expect(after.total(PipelineMetrics.receiptsOutstandingName, "adapter=\"twilio-sms\"") != nil)
            #expect(after.types[PipelineMetrics.escalationsUnacknowledgedName] == "gauge")

            // Every metric the dashboard queries is exposed, and every one the issue names is on it.
            let onDashboard = try Self.dashboardMetrics(types: after.types)
            for name in onDashboard {
                #expect(after.types[name] != nil, "the dashboard queries \(name), which /metrics does not expose")
            }
            for name in [PipelineMetrics.receivedName, PipelineMetrics.rejectedName, PipelineMetrics.publishedName,
                         PipelineMetrics.stageLatencyName, PipelineMetrics.spoolDepthName, PipelineMetrics.receiptsOutstandingName,
                         PipelineMetrics.escalationsUnacknowledgedName] {
                #expect(onDashboard.contains(name), "the dashboard does not show \(name)")
            }
        }
    }
}
