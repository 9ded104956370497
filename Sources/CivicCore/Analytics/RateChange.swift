import Foundation

/// The change of a rate from a comparison period, with a 95% interval for the difference by
/// Newcombe's hybrid score method (Newcombe 1998, "Interval estimation for the difference between
/// independent proportions: comparison of eleven methods", Statistics in Medicine 17:873–890,
/// method 10), and whether it is significant.
///
/// With rates p₁ (now) and p₂ (before) and their 95% intervals [l₁, u₁] and [l₂, u₂]:
///
///     δ = p₁ − p₂
///     L = δ − √((p₁ − l₁)² + (u₂ − p₂)²)
///     U = δ + √((u₁ − p₁)² + (p₂ − l₂)²)
///
/// Newcombe takes l and u from Wilson's interval on n trials; here they are the rates' own
/// intervals (``RateReport/ci95``), which for a satisfaction rate are Wilson's at the effective
/// size of the clustered design, so the difference respects the design too. The two periods are
/// taken as independent samples (different respondents).
///
/// Guarantees: `-1 <= low <= difference <= high <= 1`; ``significant`` is true exactly when the
/// interval excludes 0.
public struct RateChange: Sendable, Hashable {
    /// p₁ − p₂, as a fraction (0.015 is 1.5 percentage points).
    public let difference: Double
    public let low: Double
    public let high: Double

    /// The method's name in documents.
    public static let method = "newcombe_hybrid_score"

    /// The change from `rate2` (the comparison period) to `rate1`.
    /// - Precondition: each rate lies in its interval, inside [0, 1].
    public init(rate1: Double, interval1: ClosedRange<Double>, rate2: Double, interval2: ClosedRange<Double>) {
        precondition(interval1.contains(rate1) && interval2.contains(rate2), "a rate lies in its interval")
        precondition(interval1.lowerBound >= 0 && interval1.upperBound <= 1
                         && interval2.lowerBound >= 0 && interval2.upperBound <= 1, "intervals of rates lie in [0, 1]")
        let delta = rate1 - rate2
        let below = ((rate1 - interval1.lowerBound) * (rate1 - interval1.lowerBound)
            + (interval2.upperBound - rate2) * (interval2.upperBound - rate2)).squareRoot()
        let above = ((interval1.upperBound - rate1) * (interval1.upperBound - rate1)
            + (rate2 - interval2.lowerBound) * (rate2 - interval2.lowerBound)).squareRoot()
        difference = delta
        low = max(-1, delta - below)
        high = min(1, delta + above)
    }

    /// The change between two reports' rates and intervals; nil when either has no data.
    public init?(current: RateReport, previous: RateReport) {
        guard let rate1 = current.rate, let rate2 = previous.rate, let interval1 = current.ci95,
              let interval2 = previous.ci95 else { return nil }
        self.init(rate1: rate1, interval1: interval1.range, rate2: rate2, interval2: interval2.range)
    }

    /// Whether the 95% interval excludes no change.
    public var significant: Bool { low > 0 || high < 0 }
}
