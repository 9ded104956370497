import Foundation

/// Satisfaction for one unit and period, read both ways DOMAIN.md asks to keep: pooled (every
/// satisfied answer ÷ every answer) and the mean of the five SIPAS element rates, plus each
/// element's own rate.
///
/// The two differ whenever elements have different numbers of answers: the civil-servant element
/// asks six questions and the result element three, so the pooled rate weighs the civil servant
/// twice as much, while the mean of elements weighs every element alike. QĐ 1001/QĐ-BNV does not
/// publish its aggregation, so neither is "the" rate.
///
/// The pooled counts are passed in rather than summed from the elements, because questions outside
/// any element (the overall-satisfaction question) count in the pool but in no element.
///
/// Guarantees: ``elements`` holds exactly the elements passed in (with a nil rate where an element
/// has no answer); ``meanOfElements`` averages those with at least one answer. Element reports have
/// no population (``RateReport/sampleSufficient`` nil): the number of respondents per element is not
/// in the counts; sample sufficiency is judged on the pooled and mean reports, against the number
/// of respondents.
public struct SatisfactionSummary: Sendable, Hashable, Codable {
    public let pooled: RateReport
    public let meanOfElements: MeanOfElementsReport
    public let elements: [SatisfactionElement: RateReport]

    /// - Parameters:
    ///   - elements: satisfied and answered counts per element (answers to that element's questions).
    ///   - pooled: satisfied and answered counts over every scale question counted.
    ///   - target: 90% by default.
    ///   - population: N for Yamane (dossiers handled in the period), or nil when unknown.
    ///   - respondents: the number of forms answered, compared with Yamane's size; when nil the
    ///     pooled answer count is used, which overstates the sample (one form gives many answers).
    /// - Precondition: the counts of each pair satisfy `0 <= satisfied <= answered`.
    public init(elements: [SatisfactionElement: Proportion], pooled: Proportion,
                target: Double = RateReport.satisfactionTarget, population: Int? = nil, respondents: Int? = nil) {
        self.pooled = RateReport(pooled, target: target, population: population, sample: respondents)
        self.meanOfElements = MeanOfElementsReport(
            elements: SatisfactionElement.allCases.compactMap { elements[$0] },
            target: target, population: population, respondents: respondents)
        self.elements = elements.mapValues { RateReport($0, target: target) }
    }

    /// The same from `(satisfied, answered)` pairs, as SQL rows decode.
    public init(elements: [SatisfactionElement: (satisfied: Int, answered: Int)],
                pooled: (satisfied: Int, answered: Int),
                target: Double = RateReport.satisfactionTarget, population: Int? = nil, respondents: Int? = nil) {
        self.init(elements: elements.mapValues { Proportion(successes: $0.satisfied, trials: $0.answered) },
                  pooled: Proportion(successes: pooled.satisfied, trials: pooled.answered),
                  target: target, population: population, respondents: respondents)
    }

    private enum CodingKeys: String, CodingKey {
        case pooled, meanOfElements, elements
    }

    private struct ElementKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads `elements` as an object keyed by ``SatisfactionElement`` raw values.
    /// - Throws: `DecodingError.dataCorrupted` for a key that is not an element.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pooled = try container.decode(RateReport.self, forKey: .pooled)
        meanOfElements = try container.decode(MeanOfElementsReport.self, forKey: .meanOfElements)
        let nested = try container.nestedContainer(keyedBy: ElementKey.self, forKey: .elements)
        var elements: [SatisfactionElement: RateReport] = [:]
        for key in nested.allKeys {
            guard let element = SatisfactionElement(rawValue: key.stringValue) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: nested,
                                                       debugDescription: "'\(key.stringValue)' is not a SIPAS element")
            }
            elements[element] = try nested.decode(RateReport.self, forKey: key)
        }
        self.elements = elements
    }

    /// Writes `elements` as an object keyed by ``SatisfactionElement`` raw values
    /// (`access`, `procedure`, `civil_servant`, `result`, `feedback_handling`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pooled, forKey: .pooled)
        try container.encode(meanOfElements, forKey: .meanOfElements)
        var nested = container.nestedContainer(keyedBy: ElementKey.self, forKey: .elements)
        for element in SatisfactionElement.allCases {
            if let report = elements[element] {
                try nested.encode(report, forKey: ElementKey(stringValue: element.rawValue))
            }
        }
    }
}
