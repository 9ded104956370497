import Metrics
import Prometheus

/// The process-wide Prometheus registry behind swift-metrics.
///
/// swift-metrics allows one bootstrap per process; a `static let` runs its initialiser once, even
/// when tests build many applications in one process.
public enum Telemetry {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Makes sure the backend is installed before the first metric is created.
    public static func bootstrap() { _ = registry }
}
