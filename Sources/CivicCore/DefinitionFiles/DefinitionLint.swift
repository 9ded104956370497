import Foundation

/// What `civicvoice forms lint PATH…` checks: each path on its own, as linters do, with every
/// issue as `file:line:column: key: message`.
///
/// - A directory is a forms directory, checked as the server loads it: its forms, `ui/` strings
///   and `workflow/` files, everything or nothing (``WorkflowSettings/loadWithForms(directory:)``).
/// - A file is checked as what its place makes it: `ui/<language>.yaml` as interface strings
///   (against the base language's `vi.yaml` beside it), `workflow/holidays.yaml` and
///   `workflow/deadlines.yaml` as the workflow's (the deadlines' categories against the pakn form
///   of the forms directory above, when that directory loads), any other `.yaml` as one form.
public enum DefinitionLint {
    /// What was found at one path.
    public struct Report: Sendable {
        public let path: String
        public let issues: [FormIssue]
        /// What was checked, for the line printed when there is no issue.
        public let summary: String
    }

    public static func check(_ url: URL) -> Report {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return Report(path: url.path, issues: [issue(url, "no such file or directory")], summary: "")
        }
        return isDirectory.boolValue ? directory(url) : file(url)
    }

    private static func directory(_ url: URL) -> Report {
        do {
            let (catalog, workflow) = try WorkflowSettings.loadWithForms(directory: url)
            return Report(path: url.path, issues: [], summary:
                "\(catalog.forms.count) forms, \(catalog.ui.languages.count) interface languages, "
                + "\(workflow.holidays.holidays.count) holidays, \(workflow.deadlines.categories.count) category deadlines")
        } catch {
            return Report(path: url.path, issues: error.issues, summary: "")
        }
    }

    private static func file(_ url: URL) -> Report {
        let folder = url.deletingLastPathComponent()
        switch folder.lastPathComponent {
        case "ui":
            return uiStrings(url, base: folder.appendingPathComponent("\(LanguageChain.baseLanguage).yaml"))
        case WorkflowSettings.directoryName where url.lastPathComponent == "holidays.yaml":
            return workflowFile(url, summary: "holidays") { () throws(FormValidationErrors) in
                _ = try HolidayCalendarFile.load(url: url)
            }
        case WorkflowSettings.directoryName where url.lastPathComponent == "deadlines.yaml":
            let catalog = try? FormCatalog.load(directory: folder.deletingLastPathComponent())
            return workflowFile(url, summary: "deadlines") { () throws(FormValidationErrors) in
                _ = try DeadlinePolicy.load(url: url, knownCategories: catalog.flatMap(WorkflowSettings.knownCategories(in:)))
            }
        default:
            return form(url)
        }
    }

    private static func form(_ url: URL) -> Report {
        switch FormCatalog.readSourceFile(url) {
        case .failure(let errors):
            return Report(path: url.path, issues: errors.issues, summary: "")
        case .success(let file):
            let read = FormCatalog.readForm(file)
            let issues = read.issues + (read.misnamed.map { [$0] } ?? [])
            return Report(path: url.path, issues: issues, summary: read.form.map { "form \($0.id) version \($0.version)" } ?? "")
        }
    }

    private static func uiStrings(_ url: URL, base baseURL: URL) -> Report {
        let file: FormCatalog.SourceFile
        switch FormCatalog.readSourceFile(url) {
        case .failure(let errors): return Report(path: url.path, issues: errors.issues, summary: "")
        case .success(let read): file = read
        }
        // Another language is checked against the base table beside it, when that one reads.
        var base: UIStrings.Table?
        if file.stem != LanguageChain.baseLanguage, case .success(let baseFile) = FormCatalog.readSourceFile(baseURL) {
            base = try? FormCatalog.readUITable(baseFile, base: nil).get()
        }
        switch FormCatalog.readUITable(file, base: base) {
        case .success(let table):
            return Report(path: url.path, issues: [], summary: "interface strings, \(table.strings.count) keys")
        case .failure(let errors):
            return Report(path: url.path, issues: errors.issues, summary: "")
        }
    }

    private static func workflowFile(_ url: URL, summary: String,
                                     _ load: () throws(FormValidationErrors) -> Void) -> Report {
        do {
            try load()
            return Report(path: url.path, issues: [], summary: summary)
        } catch {
            return Report(path: url.path, issues: error.issues, summary: "")
        }
    }

    private static func issue(_ url: URL, _ message: String) -> FormIssue {
        FormIssue(file: url.path, line: 1, column: 1, keyPath: "", message: message)
    }
}
