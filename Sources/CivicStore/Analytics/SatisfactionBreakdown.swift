/// What a satisfaction report is broken down by (see ``SatisfactionCounts/rows`` for the keys).
///
/// Cost: element, unit, month and form version come from the summary rollup that gives the totals
/// (at most 24 rows per unit and form version a year, whatever the volume); question reads one row
/// more per question, language and channel one more per language and channel. Only a custom
/// period's ragged ends are read from the daily rollups.
public enum SatisfactionBreakdown: String, Sendable, Hashable, Codable, CaseIterable {
    case element
    case question
    case unit
    case language
    case channel
    case month
    case formVersion = "form_version"
}
