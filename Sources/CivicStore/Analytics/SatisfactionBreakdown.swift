/// What a satisfaction report is broken down by (see ``SatisfactionCounts/rows`` for the keys).
///
/// Cost: element, question, unit, month and form version come from the same half-month rollup as
/// the totals; language and channel from the per-response rollup, which is just as small. Only a
/// custom period's ragged ends are read from the daily rollups.
public enum SatisfactionBreakdown: String, Sendable, Hashable, Codable, CaseIterable {
    case element
    case question
    case unit
    case language
    case channel
    case month
    case formVersion = "form_version"
}
