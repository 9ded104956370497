import CivicCore
import Foundation

/// `POST /staff/admin/translations/preview` (and a refused confirmation): what a translator's
/// XLIFF or CSV file would change in its form's YAML (each string before and after, counted as
/// new, changed, reviewed and stale, and the coverage afterwards), computed by the same import
/// the command line runs; or every problem at its line in the file, and nothing to confirm.
/// Confirming posts the same file back to `/staff/admin/translations/import`.
struct AdminTranslationsPreviewPage: Sendable {
    struct Problem: Sendable {
        let line: Int
        let id: String
        let message: String
    }

    struct Change: Sendable {
        let id: String
        let source: String
        let before: String?
        let beforeStatus: String
        let after: String?
        let afterStatus: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let file: String
    /// What the file translates: the form (or the interface) and the language; nil when unreadable.
    let target: String?
    let language: String?
    let problems: [Problem]
    let hasProblems: Bool
    let problemsHeading: String
    let summary: String?
    let coverage: String?
    let changes: [Change]
    /// Something to confirm: the file changes the YAML.
    let canConfirm: Bool
    let noChange: Bool
    /// The file, base64, for the confirmation form (what is confirmed is what was previewed).
    let contents: String
    let reviewer: String
    let csrf: String

    init(file: String, contents: Data, reviewer: String?, submitted: SubmittedTranslations?,
         outcome: TranslationImport.Outcome?, problems: [FormIssue], catalog: FormCatalog, page: StaffPageRenderer.Page) {
        let text = page.text
        chrome = page.chrome(text.text("staff.translations.preview_title"))
        t = text.labels("staff.translations")
        self.file = file
        target = submitted.map { AdminTranslationsPage.targetName($0.target, catalog: catalog, text: text) }
        language = submitted?.language
        self.problems = problems.map { Problem(line: $0.line, id: $0.keyPath, message: $0.message) }
        hasProblems = !problems.isEmpty
        problemsHeading = text.format("staff.translations.problems", ["count": "\(problems.count)"])
        func status(_ state: TranslationImport.Change.State) -> String {
            let name = text.text("staff.translations.state_\(state.status.rawValue)")
            guard let reviewer = state.reviewer else { return name }
            return text.format("staff.translations.reviewed_by", ["status": name, "reviewer": reviewer])
        }
        let changes = outcome?.changes ?? []
        self.changes = changes.map {
            Change(id: $0.id, source: $0.source, before: $0.before.text, beforeStatus: status($0.before),
                   after: $0.after.text, afterStatus: status($0.after))
        }
        summary = outcome.map { outcome in
            text.format("staff.translations.summary", [
                "new": "\(changes.filter { $0.before.text == nil }.count)",
                "changed": "\(changes.filter { $0.before.text != nil && $0.before.text != $0.after.text }.count)",
                "reviewed": "\(outcome.reviewed)", "stale": "\(outcome.stale)", "unchanged": "\(outcome.unchanged)",
            ])
        }
        coverage = outcome.map { outcome in
            let after = outcome.coverage
            return text.format("staff.translations.coverage_after", [
                "reviewed": "\(after.reviewed)", "draft": "\(after.draft)", "stale": "\(after.stale)",
                "missing": "\(after.missing)", "total": "\(after.total)",
                "status": AdminTranslationsPage.status(after, text: text),
            ])
        }
        canConfirm = outcome?.text != nil
        noChange = outcome != nil && outcome?.text == nil
        self.contents = contents.base64EncodedString()
        self.reviewer = reviewer ?? ""
        csrf = page.token(StaffRoutes.translationsImportPage.path)
    }
}
