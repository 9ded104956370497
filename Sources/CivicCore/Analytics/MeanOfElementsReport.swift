import Foundation

/// The overall satisfaction rate read the SIPAS way: the unweighted mean of the element rates
/// (DOMAIN.md: "overall = mean of element rates"), beside the pooled rate of
/// ``SatisfactionSummary``.
///
/// Shaped like ``RateReport`` so that clients render both alike, with two differences:
/// - ``rate`` is the mean of the rates of the elements that have data (``elementsWithData``), not
///   ``satisfied`` ÷ ``answered``; those two are the sums over the same elements, for reference.
/// - ``ci95`` is always nil. The element rates come from the same respondents, so they are
///   correlated, and an interval for their mean needs per-respondent data (a bootstrap over
///   respondents, say) that counts cannot give. Treating the elements as independent would
///   understate the width; rather than publish a misleading interval, there is none.
///   For the same reason there is no `metWithConfidence`.
///
/// Guarantees: ``rate`` and ``met`` are nil exactly when no element has data; otherwise the rate
/// lies between the lowest and the highest element rate; ``verdict`` is always nil (no interval to
/// judge by) and ``interval`` says so (method `none`). JSON carries every key, `null` included: the
/// ``RateReport`` keys plus `elementsWithData`.
public struct MeanOfElementsReport: Sendable, Hashable, Codable {
    public let rate: Double?
    public let satisfied: Int
    public let answered: Int
    /// Always nil (see the type's documentation); present so the JSON shape matches ``RateReport``.
    public let ci95: RateReport.Interval?
    /// Always ``RateInterval/none``.
    public let interval: RateInterval
    public let target: Double
    /// `rate >= target` on the mean; nil when no element has data.
    public let met: Bool?
    /// Always nil: without an interval the data cannot settle it.
    public let verdict: Verdict?
    /// Whether fewer respondents than the minimum answered; nil when no minimum or no respondents were given.
    public let tooFewRespondents: Bool?
    public let sampleSufficient: Bool?
    public let requiredSample: Int?
    /// How many elements had at least one answer and entered the mean.
    public let elementsWithData: Int

    /// The mean over the elements of `elements` that have at least one answer.
    /// - Parameters:
    ///   - population, respondents: as for the pooled ``RateReport``: Yamane's size for the
    ///     population, compared with the number of respondents (forms), not with answers.
    /// - Precondition: `target` in [0, 1]; `population` and `respondents` not negative.
    ///   - minimumRespondents: below this many respondents ``tooFewRespondents`` is true.
    public init(elements: some Collection<Proportion>, target: Double = RateReport.satisfactionTarget,
                population: Int? = nil, respondents: Int? = nil,
                minimumRespondents: Int? = RateReport.defaultMinimumRespondents,
                marginOfError: Double = SampleSize.defaultMarginOfError) {
        precondition((0...1).contains(target), "a target rate lies in [0, 1], got \(target)")
        let rates = elements.compactMap(\.rate)
        let mean = rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count)
        // Rounding in the sum can put the mean of equal rates a hair off them; keep it in range.
        self.rate = mean.map { min(max($0, rates.min()!), rates.max()!) }
        self.satisfied = elements.reduce(0) { $0 + $1.successes }
        self.answered = elements.reduce(0) { $0 + $1.trials }
        self.ci95 = nil
        self.interval = .none
        self.target = target
        self.met = rate.map { $0 >= target }
        self.verdict = nil
        self.tooFewRespondents = minimumRespondents.flatMap { minimum in respondents.map { $0 < minimum } }
        let required = population.map { SampleSize.yamane(population: $0, marginOfError: marginOfError) }
        self.requiredSample = required
        let counted = respondents ?? answered
        precondition(counted >= 0, "a sample cannot be negative")
        self.sampleSufficient = required.map { counted >= $0 }
        self.elementsWithData = rates.count
    }

    private enum CodingKeys: String, CodingKey {
        case rate, satisfied, answered, ci95, interval, target, met, verdict, tooFewRespondents, sampleSufficient
        case requiredSample, elementsWithData
    }

    /// Writes every key, `null` included.
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
        try container.encode(elementsWithData, forKey: .elementsWithData)
    }
}
