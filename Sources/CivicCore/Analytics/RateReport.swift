import Foundation

/// One rate as analysts read it: the point estimate, its counts, a 95% Wilson interval, the
/// target it is held to and whether the sample was large enough.
///
/// Used for satisfaction (satisfied ÷ answered, target 90%) and, with the same shape, for PAKN
/// rates (handled ÷ in scope, target 100%), where ``satisfied`` is the numerator and
/// ``answered`` the denominator (see ``numerator`` and ``denominator``).
///
/// Guarantees: `0 <= satisfied <= answered`; ``rate``, ``ci95`` and ``met`` are nil exactly when
/// `answered == 0` (no data is neither a pass nor a fail); otherwise `ci95.low <= rate <= ci95.high`.
/// ``met`` compares the point estimate with the target, as the plan states its target
/// ("at least 90%"); ``metWithConfidence`` is the stricter reading. ``requiredSample`` and
/// ``sampleSufficient`` are nil exactly when no population was given.
///
/// JSON: always the keys `rate`, `satisfied`, `answered`, `ci95` (`{low, high}`), `target`,
/// `met`, `sampleSufficient`, `requiredSample`, with `null` for a missing value, so that clients
/// see one shape.
public struct RateReport: Sendable, Hashable, Codable {
    /// A closed interval of rates, `low <= high`, both in [0, 1].
    public struct Interval: Sendable, Hashable, Codable {
        public let low: Double
        public let high: Double

        /// - Precondition: `0 <= low <= high <= 1`.
        public init(low: Double, high: Double) {
            precondition(0 <= low && low <= high && high <= 1, "an interval of rates needs 0 <= low <= high <= 1")
            self.low = low
            self.high = high
        }

        /// The same interval as a Swift range.
        public var range: ClosedRange<Double> { low...high }
    }

    /// The plan's satisfaction target: at least 90%.
    public static let satisfactionTarget = 0.9
    /// The target for PAKN handled (and, by default, handled on time): 100%.
    public static let completeTarget = 1.0

    /// `satisfied ÷ answered`; nil when nothing was answered.
    public let rate: Double?
    public let satisfied: Int
    public let answered: Int
    /// The 95% Wilson score interval (``Proportion/wilsonInterval(confidence:)``); nil with no data.
    public let ci95: Interval?
    /// The target rate, in [0, 1].
    public let target: Double
    /// `rate >= target` on the point estimate; nil with no data.
    public let met: Bool?
    /// Whether the sample reaches Yamane's size for the population; nil when no population was given.
    public let sampleSufficient: Bool?
    /// Yamane's sample size for the population (e = 5%); nil when no population was given.
    public let requiredSample: Int?

    /// A report for `satisfied` out of `answered`.
    ///
    /// - Parameters:
    ///   - target: the rate to reach, in [0, 1]; 90% by default.
    ///   - population: N for Yamane (dossiers handled in the period), or nil when unknown.
    ///   - sample: the number compared with Yamane's size, when it differs from `answered`: a
    ///     pooled rate counts answers (one per question), but Yamane counts respondents (one per
    ///     form). Defaults to `answered`.
    ///   - marginOfError: e for Yamane; 5% by default.
    /// - Precondition: `0 <= satisfied <= answered`, `target` in [0, 1], `population` and
    ///   `sample` not negative.
    public init(satisfied: Int, answered: Int, target: Double = RateReport.satisfactionTarget,
                population: Int? = nil, sample: Int? = nil,
                marginOfError: Double = SampleSize.defaultMarginOfError) {
        let required = population.map { SampleSize.yamane(population: $0, marginOfError: marginOfError) }
        let counted = sample ?? answered
        precondition(counted >= 0, "a sample cannot be negative")
        self.init(satisfied: satisfied, answered: answered, target: target,
                  requiredSample: required, sampleSufficient: required.map { counted >= $0 })
    }

    /// The same report from a ``Proportion``.
    public init(_ proportion: Proportion, target: Double = RateReport.satisfactionTarget,
                population: Int? = nil, sample: Int? = nil,
                marginOfError: Double = SampleSize.defaultMarginOfError) {
        self.init(satisfied: proportion.successes, answered: proportion.trials, target: target,
                  population: population, sample: sample, marginOfError: marginOfError)
    }

    private init(satisfied: Int, answered: Int, target: Double, requiredSample: Int?, sampleSufficient: Bool?) {
        precondition((0...1).contains(target), "a target rate lies in [0, 1], got \(target)")
        let proportion = Proportion(successes: satisfied, trials: answered)
        self.satisfied = satisfied
        self.answered = answered
        self.target = target
        self.rate = proportion.rate
        self.ci95 = proportion.wilsonInterval().map { Interval(low: $0.lowerBound, high: $0.upperBound) }
        self.met = proportion.rate.map { $0 >= target }
        self.requiredSample = requiredSample
        self.sampleSufficient = sampleSufficient
    }

    /// The counts as a ``Proportion``.
    public var proportion: Proportion { Proportion(successes: satisfied, trials: answered) }

    /// The numerator, for rates that are not about satisfaction (PAKN handled, on time).
    public var numerator: Int { satisfied }
    /// The denominator, for rates that are not about satisfaction.
    public var denominator: Int { answered }

    /// Whether the target is met even at the low end of the 95% interval: the rate is above
    /// the target with 95% confidence (one-sided 97.5%). Nil with no data. Not part of the JSON.
    public var metWithConfidence: Bool? {
        ci95.map { $0.low >= target }
    }

    private enum CodingKeys: String, CodingKey {
        case rate, satisfied, answered, ci95, target, met, sampleSufficient, requiredSample
    }

    /// Reads the counts, the target, `requiredSample` and `sampleSufficient`; `rate`, `ci95`
    /// and `met` are recomputed from the counts rather than trusted, so the guarantees hold.
    /// - Throws: `DecodingError.dataCorrupted` for counts or a target the initializer would refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let satisfied = try container.decode(Int.self, forKey: .satisfied)
        let answered = try container.decode(Int.self, forKey: .answered)
        let target = try container.decode(Double.self, forKey: .target)
        guard satisfied >= 0, satisfied <= answered else {
            throw DecodingError.dataCorruptedError(forKey: .satisfied, in: container,
                                                   debugDescription: "need 0 <= satisfied <= answered")
        }
        guard (0...1).contains(target) else {
            throw DecodingError.dataCorruptedError(forKey: .target, in: container,
                                                   debugDescription: "a target lies in [0, 1]")
        }
        self.init(satisfied: satisfied, answered: answered, target: target,
                  requiredSample: try container.decodeIfPresent(Int.self, forKey: .requiredSample),
                  sampleSufficient: try container.decodeIfPresent(Bool.self, forKey: .sampleSufficient))
    }

    /// Writes every key, `null` included (see the type's documentation).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rate, forKey: .rate)
        try container.encode(satisfied, forKey: .satisfied)
        try container.encode(answered, forKey: .answered)
        try container.encode(ci95, forKey: .ci95)
        try container.encode(target, forKey: .target)
        try container.encode(met, forKey: .met)
        try container.encode(sampleSufficient, forKey: .sampleSufficient)
        try container.encode(requiredSample, forKey: .requiredSample)
    }
}
