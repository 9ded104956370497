import CivicCore
import CivicStore

/// The figures of the staff dashboard for one unit and period: satisfaction per child unit
/// against its target, a 12-month trend, the five elements, and PAKN received in the period per
/// child unit (handled, pending, overdue). Counts only; ``DashboardPage`` words and draws them.
struct Dashboard: Sendable {
    struct UnitFigures: Sendable {
        let code: String
        let names: [String: String]
        let satisfaction: RateReport
        let respondents: Int?
        let pakn: FeedbackMetrics
        let isTotal: Bool
    }

    let period: ReportingPeriod
    let convention: ReportingPeriod.Convention
    let unit: UnitStore.Unit
    let target: Double
    /// The children, then the unit itself (the total).
    let units: [UnitFigures]
    /// The 12 months ending with the period's last month (or the current month, if earlier).
    let trendPeriod: ReportingPeriod
    let trend: [(month: YearMonth, report: RateReport)]
    let summary: SatisfactionSummary
    /// The unit's dossier statistics and QĐ 766 ratio 3, beside its satisfaction.
    let dossiers: DossierView
}
