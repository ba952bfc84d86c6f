public import Metrics

/// The metrics an operator watches the floor by (`/metrics`, and the Grafana dashboard in
/// `Docker/grafana/intake311.json`): one place for their names, so that the stages, the
/// dashboard and its test agree.
public enum PipelineMetrics {
    public static let receivedName = "intake_channel_received_total"
    public static let rejectedName = "intake_channel_rejected_total"
    public static let publishedName = "intake_channel_published_total"
    public static let stageLatencyName = "intake_stage_latency_seconds"
    public static let spoolDepthName = "intake_spool_depth"
    public static let receiptsOutstandingName = "intake_receipts_outstanding"
    /// Set by the escalation desk (one per install) whenever its backlog changes.
    public static let escalationsUnacknowledgedName = "intake_escalations_unacknowledged"

    /// The stages whose latency is a histogram in `intake_stage_latency_seconds{stage}`.
    public enum Stage: String, Sendable, CaseIterable {
        /// A contact's arrival at enrich to its enriched message published.
        case enrich
        /// An enriched contact's arrival at the writer to its commit.
        case writer
        /// The contact's `received_at` (its adapter's clock) to its commit.
        case endToEnd = "end_to_end"
    }

    /// Contacts a channel took in (made durable in its spool).
    public static func received(channel: String) -> Counter {
        Counter(label: receivedName, dimensions: [("channel", channel)])
    }

    /// Requests or messages a channel refused before they became contacts (bad signature, malformed…).
    public static func rejected(channel: String, reason: String) -> Counter {
        Counter(label: rejectedName, dimensions: [("channel", channel), ("reason", reason)])
    }

    /// Contacts published on `contact/{channel}`, republishes included.
    public static func published(channel: String) -> Counter {
        Counter(label: publishedName, dimensions: [("channel", channel)])
    }

    public static func latency(_ stage: Stage) -> Timer {
        Timer(label: stageLatencyName, dimensions: [("stage", stage.rawValue)])
    }

    public static func spoolDepth(adapter: String) -> Gauge {
        Gauge(label: spoolDepthName, dimensions: [("adapter", adapter)])
    }

    public static func receiptsOutstanding(adapter: String) -> Gauge {
        Gauge(label: receiptsOutstandingName, dimensions: [("adapter", adapter)])
    }

    /// The escalation desk's gauge: `EscalationBacklog` implementers set it with their count.
    public static func escalationsUnacknowledged() -> Gauge {
        Gauge(label: escalationsUnacknowledgedName)
    }
}
