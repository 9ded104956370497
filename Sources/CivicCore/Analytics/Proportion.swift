import Foundation

/// A count of successes out of trials: satisfied answers out of answered ones, PAKN handled out of
/// PAKN in scope.
///
/// Guarantees: `0 <= successes <= trials`, whether made by the initializer or decoded.
public struct Proportion: Sendable, Hashable, Codable {
    public let successes: Int
    public let trials: Int

    /// The standard normal quantile for a two-sided 95% interval, Φ⁻¹(0.975).
    public static let z95 = 1.959963984540054

    /// - Precondition: `0 <= successes <= trials`. Counts come from one SQL query
    ///   (`count(*) FILTER (…)` beside `count(*)`), so a violation is a programming error.
    public init(successes: Int, trials: Int) {
        precondition(successes >= 0 && successes <= trials,
                     "a proportion needs 0 <= successes <= trials, got \(successes)/\(trials)")
        self.successes = successes
        self.trials = trials
    }

    private enum CodingKeys: String, CodingKey {
        case successes, trials
    }

    /// Decodes the two counts, refusing a pair the initializer would refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let successes = try container.decode(Int.self, forKey: .successes)
        let trials = try container.decode(Int.self, forKey: .trials)
        guard successes >= 0, successes <= trials else {
            throw DecodingError.dataCorruptedError(forKey: .successes, in: container,
                                                   debugDescription: "need 0 <= successes <= trials")
        }
        self.init(successes: successes, trials: trials)
    }

    /// `successes ÷ trials`; nil when there are no trials (no data is not 0%).
    public var rate: Double? {
        trials == 0 ? nil : Double(successes) / Double(trials)
    }

    /// The Wilson score interval for the true rate; nil when there are no trials.
    ///
    /// With p̂ = successes ÷ n and z the normal quantile (1.96 for 95%):
    ///
    ///     centre    = (p̂ + z²/(2n)) / (1 + z²/n)
    ///     halfWidth = z / (1 + z²/n) · √( p̂(1 − p̂)/n + z²/(4n²) )
    ///     interval  = [centre − halfWidth, centre + halfWidth]
    ///
    /// Unlike the textbook p̂ ± z√(p̂(1−p̂)/n), it stays inside [0, 1] and does not collapse to a
    /// point at 0% or 100%, which matters for small units (10 answers, all satisfied).
    ///
    /// Guarantees: `0 <= lowerBound <= rate <= upperBound <= 1` (clamped against rounding); the
    /// lower end is exactly 0 when there is no success and the upper end exactly 1 when every
    /// trial is a success.
    /// - Parameter z: the normal quantile, not a confidence level: the default is ``z95``
    ///   (95%); 2.5758293035489 gives 99%.
    /// - Precondition: `z` is finite and not negative.
    public func wilsonInterval(confidence z: Double = Proportion.z95) -> ClosedRange<Double>? {
        guard let rate else { return nil }
        return Self.wilsonInterval(rate: rate, trials: trials, confidence: z)
    }

    /// The Wilson score interval (formula as in ``wilsonInterval(confidence:)``) for a rate
    /// published without its counts, e.g. 84.92% of 486 forms; nil when `trials` is 0.
    /// - Precondition: `rate` is in [0, 1], `trials >= 0`, `z` finite and not negative.
    public static func wilsonInterval(rate: Double, trials: Int,
                                      confidence z: Double = Proportion.z95) -> ClosedRange<Double>? {
        precondition(trials >= 0, "trials cannot be negative")
        return wilsonInterval(rate: rate, effectiveSize: Double(trials), confidence: z)
    }

    /// The Wilson score interval (formula as in ``wilsonInterval(confidence:)``) with `n` a real
    /// number: the effective sample size of a clustered design (``ClusteredCount``), the number of
    /// answers divided by the design effect. Nil when `effectiveSize` is 0.
    /// - Precondition: `rate` is in [0, 1], `effectiveSize` finite and not negative, `z` finite
    ///   and not negative.
    public static func wilsonInterval(rate: Double, effectiveSize n: Double,
                                      confidence z: Double = Proportion.z95) -> ClosedRange<Double>? {
        precondition((0...1).contains(rate), "a rate lies in [0, 1], got \(rate)")
        precondition(n.isFinite && n >= 0, "a sample size is finite and not negative, got \(n)")
        precondition(z.isFinite && z >= 0, "z must be a finite, non-negative quantile")
        guard n > 0 else { return nil }
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (rate + z2 / (2 * n)) / denominator
        let halfWidth = z / denominator * (rate * (1 - rate) / n + z2 / (4 * n * n)).squareRoot()
        // Mathematically the lower end is 0 at p̂ = 0 and the upper end 1 at p̂ = 1; in floating
        // point they come out a rounding error away, so pin them.
        let low = rate == 0 ? 0 : min(max(0, centre - halfWidth), rate)
        let high = rate == 1 ? 1 : max(min(1, centre + halfWidth), rate)
        return low...high
    }
}
