import CivicCore

/// The dossier statistics of one period and unit subtree, summed (see
/// ``AnalyticsStore/dossierTotals(period:convention:unitCode:logger:)``).
public struct DossierTotals: Sendable, Hashable, Codable {
    public let counts: DossierCounts
    /// The imported rows summed; 0 when nothing was imported for the period and subtree.
    public let rowsCounted: Int

    public init(counts: DossierCounts, rowsCounted: Int) {
        self.counts = counts
        self.rowsCounted = rowsCounted
    }

    /// The figures shown beside a satisfaction figure of `respondents` forms.
    public func figures(respondents: Int) -> DossierFigures {
        DossierFigures(counts: counts, rowsCounted: rowsCounted, respondents: respondents)
    }
}
