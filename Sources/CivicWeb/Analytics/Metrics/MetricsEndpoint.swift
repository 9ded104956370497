import CivicStore

/// The three metrics routes, with what each one can break its figures down by (`by=`).
enum MetricsEndpoint: String, Sendable, CaseIterable {
    case satisfaction, feedback, qd766

    /// Satisfaction counts come with every breakdown from one statement; PAKN and QĐ 766 figures
    /// are counted once per child unit or per month.
    var breakdowns: [SatisfactionBreakdown] {
        switch self {
        case .satisfaction: SatisfactionBreakdown.allCases
        case .feedback, .qd766: [.unit, .month]
        }
    }
}
