/// Why counts handed to an analytics calculation (``FeedbackMetrics``, ``QD766Score``) were
/// refused: they cannot describe one set of items, so some query counted a different set.
public enum AnalyticsInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A count or a duration below zero, named as its parameter is.
    case negative(field: String, value: Int)
    /// A part larger than the whole it belongs to, e.g. handled on time more than handled.
    case exceeds(part: String, value: Int, whole: String, limit: Int)

    /// One English sentence for logs and problem details, e.g.
    /// `handledOnTime (7) exceeds handled (5)`.
    public var description: String {
        switch self {
        case .negative(let field, let value):
            "\(field) is negative (\(value))"
        case .exceeds(let part, let value, let whole, let limit):
            "\(part) (\(value)) exceeds \(whole) (\(limit))"
        }
    }
}

/// Checks shared by the initializers that take many counts.
enum AnalyticsInputCheck {
    static func nonNegative(_ pairs: KeyValuePairs<String, Int>) throws(AnalyticsInputError) {
        for (field, value) in pairs where value < 0 {
            throw .negative(field: field, value: value)
        }
    }

    static func atMost(_ part: String, _ value: Int, _ whole: String, _ limit: Int) throws(AnalyticsInputError) {
        if value > limit { throw .exceeds(part: part, value: value, whole: whole, limit: limit) }
    }
}
