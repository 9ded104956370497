import CivicCore
import CivicStore

/// `GET /staff/desks/{desk}/ratings` (`staff-desk-ratings.mustache`): a year of the ratings made
/// through the desk's QR code, for the desk and for each officer the citizens picked. A figure
/// drawn from fewer ratings than the minimum of respondents (`MIN_RESPONDENTS`) is not shown, not
/// even its count: with a handful of ratings an officer could tell who rated them, and a rate
/// says nothing yet.
struct DeskRatingsPage: Sendable {
    struct Row: Sendable {
        let name: String
        let isDesk: Bool
        let shown: Bool
        let ratings: String
        let rate: String
        let interval: String
        let hidden: String?
    }

    struct YearLink: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    let chrome: StaffChrome
    let t: [String: String]
    let heading: String
    let back: String
    let periodLine: String
    let minimumNote: String
    let rows: [Row]
    let years: [YearLink]

    init(page: StaffPageRenderer.Page, desk: DeskStore.Desk, officers: [DeskStore.Officer],
         figures: [Int64?: DeskStore.Figures], year: Int, thisYear: Int, from: CalendarDate, to: CalendarDate, minimum: Int) {
        let text = page.text
        let numbers = AnalyticsText(ui: text.ui, language: text.language)
        let path = DeskController.deskPath(desk.id) + "/ratings"
        chrome = page.chrome(text.format("staff.desks.ratings_title", ["desk": desk.label]))
        t = text.labels("staff.desks")
        heading = text.format("staff.desks.ratings_title", ["desk": desk.label])
        back = DeskController.deskPath(desk.id)
        periodLine = text.format("staff.desks.ratings_period", ["from": from.description, "to": to.description])
        minimumNote = text.format("staff.desks.ratings_minimum", ["minimum": numbers.count(minimum)])
        func row(_ name: String, isDesk: Bool, _ figures: DeskStore.Figures?) -> Row {
            let ratings = figures?.ratings ?? 0
            guard ratings >= max(minimum, 1), let figures else {
                return Row(name: name, isDesk: isDesk, shown: false, ratings: "", rate: "", interval: "",
                           hidden: text.format("staff.desks.ratings_too_few", ["minimum": numbers.count(minimum)]))
            }
            let report = RateReport(figures.count, minimumRespondents: minimum)
            return Row(name: name, isDesk: isDesk, shown: true, ratings: numbers.count(ratings),
                       rate: numbers.percent(report.rate), interval: numbers.interval(report.ci95), hidden: nil)
        }
        let total = figures.values.reduce(nil as DeskStore.Figures?) { sum, next in
            DeskStore.Figures(ratings: (sum?.ratings ?? 0) + next.ratings, count: (sum?.count ?? .zero) + next.count)
        }
        rows = [row(text.text("staff.desks.ratings_whole_desk"), isDesk: true, total)]
            + officers.map { row($0.displayName, isDesk: false, figures[$0.id]) }
            + [row(text.text("staff.desks.ratings_no_officer"), isDesk: false, figures[nil])]
        years = (max(2000, thisYear - 4)...thisYear).reversed().map { candidate in
            YearLink(label: "\(candidate)", href: path + "?year=\(candidate)", current: candidate == year)
        }
    }
}
