import CivicCore
import CivicStore

/// The figures of the staff dashboard for one unit (or the whole service), period and form:
/// satisfaction per child unit against its target, a 12-month trend, the five elements, and PAKN
/// received in the period per child unit (handled, pending, overdue). Counts only;
/// ``DashboardPage`` words and draws them.
struct Dashboard: Sendable {
    struct UnitFigures: Sendable {
        let member: AnalyticsService.RowUnit
        let satisfaction: RateReport
        let respondents: Int
        let pakn: FeedbackMetrics

        var isTotal: Bool { member.isTotal }
    }

    let period: ReportingPeriod
    let convention: ReportingPeriod.Convention
    /// Nil: the whole service.
    let unit: UnitStore.Unit?
    let form: FormChoice
    /// The forms whose responses were counted.
    let forms: [String]
    let target: Double
    /// The children, then "unit not stated" (when the unit covers the register), then the total.
    let units: [UnitFigures]
    /// The 12 months ending with the period's last month (or the current month, if earlier).
    let trendPeriod: ReportingPeriod
    let trend: [(month: YearMonth, report: RateReport)]
    let summary: SatisfactionSummary
    let minimumRespondents: Int
    /// The unit's dossier statistics and QĐ 766 ratio 3, beside its satisfaction.
    let dossiers: DossierView
}
