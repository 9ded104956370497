import CivicCore
import CivicStore
import Foundation

/// The staff page that starts a background export and lists the caller's recent ones
/// (`staff-exports.mustache`, on the staff layout, `staff.exports.*`).
struct ExportsPage: Sendable {
    struct Choice: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Recent: Sendable {
        let href: String
        let form: String
        let unit: String
        let days: String
        let state: String
        let created: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let intro: String
    let unitName: String
    let unitCode: String
    let action: String
    let csrf: String
    /// Why the last post was refused, in the page's language.
    let problem: String?
    let forms: [Choice]
    let version: String
    let period: String
    let from: String
    let to: String
    let formats: [Choice]
    let languages: [Choice]
    let recent: [Recent]
    let hasRecent: Bool

    /// - Parameters:
    ///   - forms: the surveys that can be exported, by id with their titles.
    ///   - posted: the fields of a refused post, shown again as typed.
    init(unit: UnitStore.Unit, forms: [(id: String, title: String)], posted: [String: String],
         recent: [(job: ExportJob, form: String)], action: String, problem: String?, keepHours: Int,
         page: StaffPageRenderer.Page) {
        let text = page.text
        chrome = page.chrome(text.text("staff.exports.title"))
        t = text.labels("staff.exports")
        intro = text.format("staff.exports.intro", ["hours": "\(keepHours)"])
        unitName = text.unitName(unit.names, code: unit.code)
        unitCode = unit.code
        self.action = action
        csrf = page.token(action)
        self.problem = problem
        let form = posted["form"] ?? forms.first?.id ?? ""
        self.forms = forms.map { Choice(value: $0.id, label: "\($0.title) (\($0.id))", selected: $0.id == form) }
        version = posted["version"] ?? ""
        period = posted["period"] ?? ""
        from = posted["from"] ?? ""
        to = posted["to"] ?? ""
        let format = posted["format"] ?? "csv"
        formats = [Choice(value: "csv", label: "CSV", selected: format == "csv"),
                   Choice(value: "ndjson", label: "NDJSON", selected: format == "ndjson")]
        let language = posted["lang"] ?? text.language
        languages = StaffPageText.languages.map { tag in
            Choice(value: tag, label: text.ui.text("language.\(tag)", for: LanguageChain(requested: tag)).text,
                   selected: tag == language)
        }
        self.recent = recent.map { item in
            Recent(href: ExportJobsPagesController.path(of: item.job), form: item.form, unit: item.job.unitCode,
                   days: "\(item.job.firstDay) – \(item.job.lastDay)",
                   state: text.text("staff.exports.state.\(item.job.state.rawValue)"),
                   created: AnalyticsChrome.localTime(item.job.createdAt))
        }
        hasRecent = !recent.isEmpty
    }
}
