import Foundation

/// One rate as analysts read it: the point estimate, its counts, a 95% interval made the way the
/// design calls for (``interval``), the target it is held to, a verdict that respects the interval,
/// and whether the sample was large enough.
///
/// Used for satisfaction (satisfied ÷ answered, target 90%) and, with the same shape, for PAKN
/// rates (handled ÷ in scope, target 100%), where ``satisfied`` is the numerator and
/// ``answered`` the denominator (see ``numerator`` and ``denominator``). How the interval is made:
/// - a pooled or element satisfaction rate, from ``ClusteredCount``: respondents as clusters,
///   Wilson at the effective size (`cluster_wilson`);
/// - a single question (one answer per respondent) or PAKN items: plain Wilson (`wilson`).
///
/// Guarantees: `0 <= satisfied <= answered`; ``rate``, ``ci95``, ``met`` and ``verdict`` are nil
/// exactly when `answered == 0` (no data is neither a pass nor a fail); otherwise
/// `ci95.low <= rate <= ci95.high`. ``met`` compares the point estimate with the target, as the
/// plan states its target ("at least 90%"); ``verdict`` says whether the interval settles it.
/// ``requiredSample`` and ``sampleSufficient`` are nil exactly when no population was given;
/// ``tooFewRespondents`` is nil exactly when no minimum was given or the respondents are unknown.
///
/// JSON: always the keys `rate`, `satisfied`, `answered`, `ci95` (`{low, high}`), `interval`
/// (``RateInterval``: `{method, deff, effectiveN, respondents}`), `target`, `met`, `verdict`
/// (`above`, `below`, `inconclusive`), `tooFewRespondents`, `sampleSufficient`, `requiredSample`,
/// with `null` for a missing value, so that clients see one shape.
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
    /// The 95% interval (Wilson at ``interval``'s effective size); nil with no data.
    public let ci95: Interval?
    /// How ``ci95`` was made.
    public let interval: RateInterval
    /// The target rate, in [0, 1].
    public let target: Double
    /// `rate >= target` on the point estimate; nil with no data.
    public let met: Bool?
    /// Where the interval lies against the target; nil with no data.
    public let verdict: Verdict?
    /// Whether fewer respondents than the minimum answered (``defaultMinimumRespondents``): the
    /// rate is then shown as "too few answers" and takes no place in a ranking or a chart colour.
    /// Nil when no minimum applies or the respondents are unknown (PAKN items).
    public let tooFewRespondents: Bool?
    /// Whether the sample reaches Yamane's size for the population; nil when no population was given.
    public let sampleSufficient: Bool?
    /// Yamane's sample size for the population (e = 5%); nil when no population was given.
    public let requiredSample: Int?

    /// Below this many respondents a unit's rate is "too few answers" (`MIN_RESPONDENTS`).
    public static let defaultMinimumRespondents = 30

    /// A report for `satisfied` out of `answered` independent trials (plain Wilson): PAKN items,
    /// or answers whose respondents are not known.
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
        self.init(satisfied: satisfied, answered: answered, interval: .wilson(trials: answered), target: target,
                  population: population, sample: sample ?? answered, minimumRespondents: nil,
                  marginOfError: marginOfError)
    }

    /// The same report from a ``Proportion``.
    public init(_ proportion: Proportion, target: Double = RateReport.satisfactionTarget,
                population: Int? = nil, sample: Int? = nil,
                marginOfError: Double = SampleSize.defaultMarginOfError) {
        self.init(satisfied: proportion.successes, answered: proportion.trials, target: target,
                  population: population, sample: sample, marginOfError: marginOfError)
    }

    /// A satisfaction rate over respondents who each gave several answers: the interval treats
    /// respondents as clusters (``ClusteredCount/interval``).
    /// - Parameters:
    ///   - sample: the number compared with Yamane's size (forms); defaults to the respondents
    ///     who answered (`count.clusters`).
    ///   - minimumRespondents: below this many respondents ``tooFewRespondents`` is true; nil:
    ///     no minimum.
    /// - Precondition: as for the other initializers; `minimumRespondents` not negative.
    public init(_ count: ClusteredCount, target: Double = RateReport.satisfactionTarget, population: Int? = nil,
                sample: Int? = nil, minimumRespondents: Int? = RateReport.defaultMinimumRespondents,
                marginOfError: Double = SampleSize.defaultMarginOfError) {
        self.init(satisfied: count.satisfied, answered: count.answered, interval: count.interval, target: target,
                  population: population, sample: sample ?? count.clusters, minimumRespondents: minimumRespondents,
                  marginOfError: marginOfError)
    }

    /// The rate of a single question: each respondent answers it at most once, so the answers are
    /// independent trials and the respondents are the answers (plain Wilson on respondents).
    public init(singleQuestion proportion: Proportion, target: Double = RateReport.satisfactionTarget,
                population: Int? = nil, minimumRespondents: Int? = RateReport.defaultMinimumRespondents,
                marginOfError: Double = SampleSize.defaultMarginOfError) {
        self.init(satisfied: proportion.successes, answered: proportion.trials,
                  interval: .wilson(trials: proportion.trials, respondents: proportion.trials), target: target,
                  population: population, sample: proportion.trials, minimumRespondents: minimumRespondents,
                  marginOfError: marginOfError)
    }

    private init(satisfied: Int, answered: Int, interval: RateInterval, target: Double, population: Int?,
                 sample: Int, minimumRespondents: Int?, marginOfError: Double) {
        let required = population.map { SampleSize.yamane(population: $0, marginOfError: marginOfError) }
        precondition(sample >= 0, "a sample cannot be negative")
        precondition(minimumRespondents.map { $0 >= 0 } ?? true, "a minimum cannot be negative")
        self.init(satisfied: satisfied, answered: answered, interval: interval, target: target,
                  requiredSample: required, sampleSufficient: required.map { sample >= $0 },
                  tooFewRespondents: minimumRespondents.flatMap { minimum in interval.respondents.map { $0 < minimum } })
    }

    private init(satisfied: Int, answered: Int, interval: RateInterval, target: Double, requiredSample: Int?,
                 sampleSufficient: Bool?, tooFewRespondents: Bool?) {
        precondition((0...1).contains(target), "a target rate lies in [0, 1], got \(target)")
        let proportion = Proportion(successes: satisfied, trials: answered)
        self.satisfied = satisfied
        self.answered = answered
        self.target = target
        self.rate = proportion.rate
        self.interval = interval
        let bounds = proportion.rate.flatMap { interval.bounds(rate: $0) }
        self.ci95 = bounds.map { Interval(low: $0.lowerBound, high: $0.upperBound) }
        self.met = proportion.rate.map { $0 >= target }
        self.verdict = bounds.map { Verdict(interval: $0, target: target) }
        self.tooFewRespondents = tooFewRespondents
        self.requiredSample = requiredSample
        self.sampleSufficient = sampleSufficient
    }

    /// Whether the rate may be ranked and coloured against its target: it has data and enough
    /// respondents (or no minimum applies).
    public var isRankable: Bool { rate != nil && tooFewRespondents != true }

    /// The counts as a ``Proportion``.
    public var proportion: Proportion { Proportion(successes: satisfied, trials: answered) }

    /// The numerator, for rates that are not about satisfaction (PAKN handled, on time).
    public var numerator: Int { satisfied }
    /// The denominator, for rates that are not about satisfaction.
    public var denominator: Int { answered }

    private enum CodingKeys: String, CodingKey {
        case rate, satisfied, answered, ci95, interval, target, met, verdict, tooFewRespondents, sampleSufficient
        case requiredSample
    }

    /// Reads the counts, the interval's method and sizes, the target, `tooFewRespondents`,
    /// `requiredSample` and `sampleSufficient`; `rate`, `ci95`, `met` and `verdict` are recomputed
    /// rather than trusted, so the guarantees hold. A document without `interval` is read as plain
    /// Wilson on the answers.
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
        let interval = try container.decodeIfPresent(RateInterval.self, forKey: .interval) ?? .wilson(trials: answered)
        guard (answered == 0) == (interval.effectiveSize == nil) || interval.method == .none else {
            throw DecodingError.dataCorruptedError(forKey: .interval, in: container,
                                                   debugDescription: "effectiveN is null exactly when answered is 0")
        }
        self.init(satisfied: satisfied, answered: answered, interval: interval, target: target,
                  requiredSample: try container.decodeIfPresent(Int.self, forKey: .requiredSample),
                  sampleSufficient: try container.decodeIfPresent(Bool.self, forKey: .sampleSufficient),
                  tooFewRespondents: try container.decodeIfPresent(Bool.self, forKey: .tooFewRespondents))
    }

    /// Writes every key, `null` included (see the type's documentation).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rate, forKey: .rate)
        try container.encode(satisfied, forKey: .satisfied)
        try container.encode(answered, forKey: .answered)
        try container.encode(ci95, forKey: .ci95)
        try container.encode(interval, forKey: .interval)
        try container.encode(target, forKey: .target)
        try container.encode(met, forKey: .met)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(tooFewRespondents, forKey: .tooFewRespondents)
        try container.encode(sampleSufficient, forKey: .sampleSufficient)
        try container.encode(requiredSample, forKey: .requiredSample)
    }
}
