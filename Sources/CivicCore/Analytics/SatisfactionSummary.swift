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
/// no population (``RateReport/sampleSufficient`` nil): sample sufficiency is judged on the pooled
/// and mean reports, against the number of respondents. The pooled and element intervals treat
/// respondents as clusters of answers (``ClusteredCount``); the mean of elements has none.
public struct SatisfactionSummary: Sendable, Hashable, Codable {
    public let pooled: RateReport
    public let meanOfElements: MeanOfElementsReport
    public let elements: [SatisfactionElement: RateReport]

    /// - Parameters:
    ///   - elements: per element, the counts over that element's questions with the per-respondent
    ///     sums (``ClusteredCount``): the element's interval treats respondents as clusters.
    ///   - pooled: the same over every scale question counted.
    ///   - target: 90% by default.
    ///   - population: N for Yamane (dossiers handled in the period), or nil when unknown.
    ///   - respondents: the number of forms answered, compared with Yamane's size; when nil the
    ///     respondents who answered a scale question (`pooled.clusters`) are used.
    ///   - minimumRespondents: below this many respondents a rate is "too few answers"
    ///     (``RateReport/tooFewRespondents``); nil: no minimum.
    public init(elements: [SatisfactionElement: ClusteredCount], pooled: ClusteredCount,
                target: Double = RateReport.satisfactionTarget, population: Int? = nil, respondents: Int? = nil,
                minimumRespondents: Int? = RateReport.defaultMinimumRespondents) {
        self.pooled = RateReport(pooled, target: target, population: population, sample: respondents,
                                 minimumRespondents: minimumRespondents)
        self.meanOfElements = MeanOfElementsReport(
            elements: SatisfactionElement.allCases.compactMap { elements[$0]?.proportion },
            target: target, population: population, respondents: respondents ?? pooled.clusters,
            minimumRespondents: minimumRespondents)
        self.elements = elements.mapValues { RateReport($0, target: target, minimumRespondents: minimumRespondents) }
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
