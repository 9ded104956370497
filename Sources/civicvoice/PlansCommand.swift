import ArgumentParser
import CivicCore
import Foundation

/// `civicvoice plans lint`: checks PAR plan files (`Forms/plans/<year>-<unit>.yaml`) without a
/// database or a server.
struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "Check the PAR plans in FORMS_DIR/plans.",
        subcommands: [PlansLint.self]
    )
}

struct PlansLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "List every problem in plan files (file:line:column: key: message); exit 1 if any.",
        discussion: """
            A file is checked as one plan; a directory as a folder of plans (each .yaml in it). A satisfaction \
            target's form is checked against the forms directory above the plan's folder when that loads. \
            Without paths: the plans/ folder of --dir, else FORMS_DIR, else Forms.
            """
    )

    @Argument(help: "Plan files or folders of plans (default: the forms directory's plans/).")
    var paths: [String] = []

    @OptionGroup var forms: FormsDirectoryOption

    func run() throws {
        let urls = paths.isEmpty
            ? [forms.url.appendingPathComponent(PlanCatalog.directoryName, isDirectory: true)]
            : paths.map { URL(fileURLWithPath: $0) }
        var reports: [DefinitionLint.Report] = []
        for url in urls {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                reports.append(DefinitionLint.check(url))
                continue
            }
            guard isDirectory.boolValue else {
                reports.append(DefinitionLint.plan(url))
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            if files.isEmpty {
                reports.append(DefinitionLint.Report(path: url.path, issues: [], summary: "no plan"))
            }
            reports += files.map { DefinitionLint.plan(url.appendingPathComponent($0)) }
        }
        try FormsLint.printReports(reports)
    }
}
