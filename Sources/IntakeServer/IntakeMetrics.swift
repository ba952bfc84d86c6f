import Metrics
public import Prometheus

/// The process's metrics, in Prometheus text format at `GET /metrics`.
public enum IntakeMetrics {
    /// Bootstraps swift-metrics on first use (it may be bootstrapped only once per process).
    public static let registry: PrometheusCollectorRegistry = {
        let r = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: r))
        return r
    }()
}
