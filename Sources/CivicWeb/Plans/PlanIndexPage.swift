import CivicCore
import CivicStore

/// `GET /staff/plans` (`staff-plans.mustache`): the PAR plans the reader's grants reach, each with
/// a link to its page for every reporting period, so that nobody has to type a plan's URL.
struct PlanIndexPage: Sendable {
    struct Plan: Sendable {
        let title: String
        let document: String?
        let unit: String
        let targets: Int
        let periods: [PlanPage.PeriodLink]
    }

    let chrome: StaffChrome
    let t: [String: String]
    let plans: [Plan]
    /// Stored, not computed: mustache reads a model's stored properties only.
    let hasPlans: Bool

    /// - Parameter plans: each plan the reader reaches with its unit as the register has it.
    init(plans: [(PlanDefinition, UnitStore.Unit)], page: StaffPageRenderer.Page) {
        let text = page.text
        chrome = page.chrome(text.text("staff.plans.title"))
        t = text.labels("staff.plans")
        self.plans = plans.map { plan, unit in
            Plan(title: plan.title[text.language] ?? plan.title[LanguageChain.baseLanguage] ?? plan.id,
                 document: plan.document.flatMap { $0[text.language] ?? $0[LanguageChain.baseLanguage] },
                 unit: "\(text.unitName(unit.names, code: unit.code)) (\(unit.code))",
                 targets: plan.targets.count,
                 periods: PlanService.periods(of: plan).map { period in
                     PlanPage.PeriodLink(label: period.label(language: text.language),
                                         href: PlanController.pagePath(plan, period), current: false)
                 })
        }
        hasPlans = !self.plans.isEmpty
    }
}
