import Foundation

/// What `civicvoice forms lint PATH…` checks: each path on its own, as linters do, with every
/// issue as `file:line:column: key: message`.
///
/// - A directory is a forms directory, checked as the server loads it: its forms, `ui/` strings,
///   `workflow/` and `messages/` files, everything or nothing (``WorkflowSettings/loadWithForms(directory:)``),
///   then its `plans/` (``PlanCatalog``).
/// - A file is checked as what its place makes it: `ui/<language>.yaml` as interface strings
///   (against the base language's `vi.yaml` beside it), `workflow/holidays.yaml` and
///   `workflow/deadlines.yaml` as the workflow's (the deadlines' categories against the pakn form
///   of the forms directory above, when that directory loads), `plans/<year>-<unit>.yaml` as a plan
///   (its satisfaction targets' forms against the forms directory above, when that loads),
///   `messages/<language>.yaml` as the messages to citizens and staff, any other `.yaml` as one form.
public enum DefinitionLint {
    /// What was found at one path.
    public struct Report: Sendable {
        public let path: String
        public let issues: [FormIssue]
        /// What was checked, for the line printed when there is no issue.
        public let summary: String

        public init(path: String, issues: [FormIssue], summary: String) {
            self.path = path
            self.issues = issues
            self.summary = summary
        }
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
            let plans = try PlanCatalog.load(formsDirectory: url, knownForms: Set(catalog.forms.keys))
            return Report(path: url.path, issues: [], summary:
                "\(catalog.forms.count) forms, \(catalog.ui.languages.count) interface languages, "
                + "\(workflow.holidays.holidays.count) holidays, \(workflow.deadlines.categories.count) category deadlines, "
                + "messages in \(workflow.messages.languages.count) languages, "
                + "\(plans.plans.count) plans (\(plans.plans.values.reduce(0) { $0 + $1.targets.count }) targets)")
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
        case PlanCatalog.directoryName:
            return plan(url)
        case MessageTemplates.directoryName:
            return messages(url)
        default:
            return form(url)
        }
    }

    private static func messages(_ url: URL) -> Report {
        switch FormCatalog.readSourceFile(url) {
        case .failure(let errors):
            return Report(path: url.path, issues: errors.issues, summary: "")
        case .success(let file):
            guard let language = LanguageChain.canonicalTag(file.stem), language == file.stem else {
                return Report(path: url.path, issues: [issue(url, "the file name must be a language tag, such as en.yaml or hmn.yaml")],
                              summary: "")
            }
            do {
                let templates = try MessageTemplates.parseFile(yaml: file.contents, file: url.path, language: language)
                return Report(path: url.path, issues: [], summary: "messages to citizens and staff, \(templates.count) kinds")
            } catch {
                return Report(path: url.path, issues: error.issues, summary: "")
            }
        }
    }

    /// A plan; its satisfaction targets' forms are checked when the forms directory above loads.
    public static func plan(_ url: URL) -> Report {
        let catalog = try? FormCatalog.load(directory: url.deletingLastPathComponent().deletingLastPathComponent())
        switch PlanCatalog.load(file: url, knownForms: catalog.map { Set($0.forms.keys) }) {
        case .success(let plan):
            let computed = plan.targets.filter(\.isComputed).count
            return Report(path: url.path, issues: [], summary:
                "plan \(plan.id): \(plan.areas.count) areas, \(plan.targets.count) targets (\(computed) computed, "
                + "\(plan.targets.count - computed) entered)")
        case .failure(let errors):
            return Report(path: url.path, issues: errors.issues, summary: "")
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
