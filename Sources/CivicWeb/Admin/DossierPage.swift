import CivicCore
import CivicStore
import Foundation

/// The admin page of dossier statistics (`staff-admin-dossiers.mustache`, on the staff layout):
/// an upload form, what the last upload did (rows, units, days, rows replaced, totals) or every
/// problem of a refused file at its line, and the latest imports, in the reader's language
/// (`staff.dossiers.*`).
struct DossierPage: Sendable {
    /// What the last post did.
    enum Outcome: Sendable {
        case imported(DossierStore.ImportSummary)
        case refused(String, FormValidationErrors)
        case missingFile
    }

    struct Problem: Sendable {
        let line: String
        let column: String
        let field: String
        let message: String
    }

    struct Import: Sendable {
        let id: String
        let at: String
        let actor: String
        let file: String
        let format: String
        let rows: String
        let replaced: String
        let days: String
    }

    struct Summary: Sendable {
        let text: String
        let totals: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let csrf: String
    let imports: [Import]
    let hasImports: Bool
    let summary: Summary?
    let refusal: String?
    let problems: [Problem]
    let hasProblems: Bool

    init(imports: [DossierStore.ImportRecord], outcome: Outcome?, page: StaffPageRenderer.Page) {
        let text = page.text
        chrome = page.chrome(text.text("staff.dossiers.title"))
        t = text.labels("staff.dossiers")
        csrf = page.token(DossierImportController.path)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CalendarDate.vietnamTimeZone
        self.imports = imports.map { record in
            Import(id: "\(record.id)", at: formatter.string(from: record.importedAt), actor: record.actorLogin,
                   file: record.fileName, format: record.format.uppercased(), rows: "\(record.rows)",
                   replaced: "\(record.replaced)", days: "\(record.firstDay) – \(record.lastDay)")
        }
        hasImports = !imports.isEmpty
        var summary: Summary?
        var refusal: String?
        var problems: [Problem] = []
        switch outcome {
        case .imported(let done)?:
            let total = done.total
            summary = Summary(
                text: text.format("staff.dossiers.imported", [
                    "id": "\(done.importID)", "rows": "\(done.rows)", "units": "\(done.units)",
                    "from": done.firstDay.description, "to": done.lastDay.description, "replaced": "\(done.replaced)",
                ]),
                totals: text.format("staff.dossiers.totals", [
                    "received": "\(total.received)", "resolved": "\(total.resolved)", "onTime": "\(total.resolvedOnTime)",
                    "late": "\(total.resolvedLate)", "apologies": "\(total.apologiesSent)", "online": "\(total.online)",
                    "receivedByPost": "\(total.receivedByPost)", "returnedByPost": "\(total.returnedByPost)",
                ]))
        case .refused(let file, let errors)?:
            refusal = text.format("staff.dossiers.refused", ["file": file, "count": "\(errors.issues.count)"])
            problems = errors.issues.map {
                Problem(line: "\($0.line)", column: "\($0.column)", field: $0.keyPath, message: $0.message)
            }
        case .missingFile?:
            refusal = text.text("staff.dossiers.missing_file")
        case nil:
            break
        }
        self.summary = summary
        self.refusal = refusal
        self.problems = problems
        hasProblems = !problems.isEmpty
    }
}
