import Foundation

/// How many answers a survey needs, by Yamane's formula (the method DOMAIN.md names for SIPAS).
public enum SampleSize {
    /// The default margin of error, 5%.
    public static let defaultMarginOfError = 0.05

    /// Yamane's sample size n = N / (1 + N·e²), rounded up to a whole respondent.
    ///
    /// Guarantees: 0 when `population` is 0; otherwise `1 <= n <= population`. N = 1000 gives
    /// 285.7 → 286; N = 36,525 (SIPAS 2024) gives 395.7 → 396. A quotient within 1e-9 of a whole
    /// number is taken as that number before rounding up, so that e² not being exact in binary
    /// (0.05² = 0.0025000000000000005) cannot add a respondent.
    /// - Parameters:
    ///   - population: N, the dossiers handled in the period.
    ///   - marginOfError: e, in (0, 1]; 0.05 by default.
    /// - Precondition: `population >= 0` and `0 < marginOfError <= 1`.
    public static func yamane(population: Int, marginOfError: Double = defaultMarginOfError) -> Int {
        precondition(population >= 0, "a population cannot be negative")
        precondition(marginOfError > 0 && marginOfError <= 1, "the margin of error lies in (0, 1]")
        guard population > 0 else { return 0 }
        let n = Double(population)
        let exact = n / (1 + n * marginOfError * marginOfError)
        let nearest = exact.rounded()
        let size = abs(exact - nearest) < 1e-9 ? nearest : exact.rounded(.up)
        return min(population, max(1, Int(size)))
    }

    /// Whether `sample` answers reach Yamane's size for `population` (always true for an empty
    /// population, which needs no answer).
    /// - Precondition: as for ``yamane(population:marginOfError:)``; `sample >= 0`.
    public static func reachesYamane(sample: Int, population: Int,
                                     marginOfError: Double = defaultMarginOfError) -> Bool {
        precondition(sample >= 0, "a sample cannot be negative")
        return sample >= yamane(population: population, marginOfError: marginOfError)
    }
}
