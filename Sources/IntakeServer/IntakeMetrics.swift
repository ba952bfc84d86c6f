import IntakeBus
import Metrics
public import Prometheus

/// The process's metrics, in Prometheus text format at `GET /metrics`.
public enum IntakeMetrics {
    /// Bootstraps swift-metrics on first use (it may be bootstrapped only once per process).
    public static let registry: PrometheusCollectorRegistry = {
        let r = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: r)
        // A contact's whole path may take seconds when a stage is behind; the default buckets end at 10 s.
        factory.durationHistogramBuckets[PipelineMetrics.stageLatencyName] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        MetricsSystem.bootstrap(factory)
        return r
    }()
}
