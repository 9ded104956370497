import CivicCore
import CivicStore
import Foundation

/// One background export's page (`staff-export-job.mustache`, on the staff layout): reloads
/// itself while the job waits or runs, then offers the file, or says why it failed.
///
/// The reload is the HTTP `Refresh` header, not `<meta http-equiv="refresh">`, and the reader
/// controls it (WCAG 2.2.1, timing adjustable): the page links to itself with `?refresh=off` to
/// stop reloading and back to resume, and always offers a link to reload now.
struct ExportJobPage: Sendable {
    /// `<progress>` wants a value; absent while nothing tells how far the job is.
    struct Percent: Sendable {
        let value: Int
    }

    let chrome: StaffChrome
    let t: [String: String]
    let title: String
    let form: String
    let unitName: String
    let unitCode: String
    let days: String
    let format: String
    let language: String
    let state: String
    let running: Bool
    /// While running: whether the page reloads itself (the reader did not stop it).
    let reloads: Bool
    let reloadHref: String
    /// The link that stops (while reloading) or resumes the reloads.
    let toggleHref: String
    let percent: Percent?
    let rows: String
    let fileHref: String?
    let expires: String?
    let failure: String?
    let backHref: String

    /// How often a running job's page reloads itself.
    static let refreshSeconds = 3

    /// - Parameter reloading: false when the reader stopped the reloads (`?refresh=off`).
    init(_ job: ExportJob, unit: UnitStore.Unit, formTitle: String, page: StaffPageRenderer.Page, reloading: Bool) {
        let text = page.text
        title = text.format("staff.exports.job_title", ["form": formTitle])
        running = job.state == .queued || job.state == .running
        reloads = running && reloading
        let path = ExportJobsPagesController.path(of: job)
        reloadHref = reloading ? path : AnalyticsChrome.href(path, ["refresh": "off"])
        toggleHref = reloading ? AnalyticsChrome.href(path, ["refresh": "off"]) : path
        chrome = page.chrome(title)
        t = text.labels("staff.exports")
        form = "\(formTitle) (\(job.formID)\(job.formVersion.map { " v\($0)" } ?? ""))"
        unitName = text.unitName(unit.names, code: unit.code)
        unitCode = job.unitCode
        days = "\(job.firstDay) – \(job.lastDay)"
        format = job.format.uppercased()
        language = text.ui.text("language.\(job.language)", for: LanguageChain(requested: job.language)).text
        state = text.text("staff.exports.state.\(job.state.rawValue)")
        percent = job.progress.map { Percent(value: Int(($0 * 100).rounded(.down))) }
        rows = job.rowsExpected.map { text.format("staff.exports.rows_of", ["done": "\(job.rowsWritten)", "total": "\($0)"]) }
            ?? "\(job.rowsWritten)"
        fileHref = job.state == .done ? path + "/file" : nil
        expires = job.expiresAt.map { text.format("staff.exports.kept_until", ["time": AnalyticsChrome.localTime($0)]) }
        failure = job.failure
        backHref = AnalyticsChrome.href(ExportJobsPagesController.startPath, ["unit": job.unitCode])
    }
}
