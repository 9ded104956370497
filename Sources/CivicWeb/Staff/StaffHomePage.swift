import CivicCore
import CivicStore
import Foundation

/// `GET /staff`: a home by role. Handlers see their queue (counts by state, overdue, assigned to
/// them), analysts the dashboard, the reports of the current and the last period and the
/// downloads, admins the console; everyone their grants.
struct StaffHomePage: Sendable {
    struct Grant: Sendable {
        let role: String
        let unit: String
    }

    struct Count: Sendable {
        let label: String
        let count: Int
        let href: String
        let overdue: Bool
    }

    struct Queue: Sendable {
        let counts: [Count]
        let overdue: Count
        let mine: Count
    }

    struct Download: Sendable {
        let label: String
        let href: String
    }

    /// The figures of one unit the reader may read.
    struct Figures: Sendable {
        let unit: String
        let dashboard: String
        let reports: [Download]
        let downloads: [Download]
    }

    struct ConsoleLink: Sendable {
        let href: String
        let label: String
        let help: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let login: String
    let displayName: String
    let grants: [Grant]
    let hasGrants: Bool
    let queue: Queue?
    let figures: [Figures]
    let hasFigures: Bool
    let selector: AnalyticsSelectorForm?
    let console: [ConsoleLink]
    let hasConsole: Bool

    init(access: StaffAccess, page: StaffPageRenderer.Page, queue: FeedbackStore.QueueCounts?,
         analyticsUnits: [UnitStore.Unit], selector: AnalyticsSelectorForm?, today: CalendarDate) {
        let text = page.text
        chrome = page.chrome(text.text("staff.home.title"))
        t = text.labels("staff.home")
        let identity = access.identity
        login = identity.user.login
        displayName = identity.user.displayName
        grants = identity.grants.map { grant in
            Grant(role: text.role(grant.role),
                  unit: grant.role == .admin
                      ? (grant.unitCode.map { "\(text.text("staff.home.everywhere")) (\($0))" } ?? text.text("staff.home.everywhere"))
                      : (grant.unitCode ?? ""))
        }
        hasGrants = !grants.isEmpty

        self.queue = queue.map { counts in
            let states = FeedbackState.allCases.map { state in
                Count(label: text.ui.text("pakn.state.\(state.rawValue)", for: text.chain).text,
                      count: counts.byState[state] ?? 0, href: "/staff/feedback?state=\(state.rawValue)", overdue: false)
            }
            return Queue(counts: states,
                         overdue: Count(label: text.text("staff.home.overdue"), count: counts.overdue,
                                        href: "/staff/feedback?overdue=true&order=due", overdue: counts.overdue > 0),
                         mine: Count(label: text.text("staff.home.assigned_to_me"), count: counts.assignedToMe,
                                     href: "/staff/feedback?assigned=me&order=due", overdue: false))
        }

        // The report in progress and the last one over (a day outside the supported years has none).
        let periods = [try? ReportingPeriod.reportInProgress(on: today, convention: .calendar),
                       ReportingPeriod.lastReport(before: today)].compactMap { $0 }
        figures = analyticsUnits.map { unit in
            let code = unit.code
            func href(_ path: String, _ extra: [String: String] = [:]) -> String {
                AnalyticsChrome.href(path, extra.merging(["unit": code]) { given, _ in given })
            }
            let reports = periods.flatMap { period in
                [Download(label: text.format("staff.home.report", ["period": period.label(language: text.language)]),
                          href: href("/staff/reports/\(period.description)")),
                 Download(label: text.format("staff.home.report_csv", ["period": period.label(language: text.language)]),
                          href: href("/staff/reports/\(period.description)", ["format": "csv"]))]
            }
            let downloads = [
                Download(label: text.text("staff.home.download_satisfaction"),
                         href: href("/staff/metrics/satisfaction", ["format": "csv", "breakdown": "unit"])),
                Download(label: text.text("staff.home.download_feedback"),
                         href: href("/staff/metrics/feedback", ["format": "csv", "breakdown": "unit"])),
                Download(label: text.text("staff.home.download_qd766"), href: href("/staff/metrics/qd766", ["format": "csv"])),
                Download(label: text.text("staff.home.download_responses"),
                         href: href("/staff/exports/responses", ["form": "sipas", "format": "csv"])),
            ]
            return Figures(unit: "\(text.unitName(unit.names, code: code)) (\(code))",
                           dashboard: href("/staff/dashboard"), reports: reports, downloads: downloads)
        }
        hasFigures = !figures.isEmpty
        self.selector = selector

        console = identity.isAdmin
            ? StaffChrome.sections.filter { $0.permission == .administer }.map { section in
                let name = section.key.replacingOccurrences(of: "staff.nav.", with: "")
                return ConsoleLink(href: section.path, label: text.text(section.key),
                                   help: text.text("staff.home.console_\(name)"))
            }
            : []
        hasConsole = !console.isEmpty
    }
}

extension ReportingPeriod {
    /// The last periodic report whose months are over on `day`: the year report before while
    /// the Q1 report runs, then the Q1 report, the 6-month report and the 9-month report.
    static func lastReport(before day: CalendarDate) -> ReportingPeriod? {
        let kind: Kind = switch day.month {
        case 1...3: .year(day.year - 1)
        case 4...6: .quarter(year: day.year, quarter: 1)
        case 7...9: .halfYear(year: day.year, half: 1)
        default: .nineMonths(year: day.year)
        }
        return ReportingPeriod(kind: kind)
    }
}
