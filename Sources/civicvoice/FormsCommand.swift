import ArgumentParser
import CivicCore
import Foundation

/// `civicvoice forms lint|coverage`: checks form definitions without a database or a server.
struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "Check the form definitions in FORMS_DIR.",
        subcommands: [FormsLint.self, FormsCoverage.self]
    )
}

/// The forms directory from `--dir`, else FORMS_DIR, else `Forms`.
struct FormsDirectoryOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "Directory of the form definitions (default: FORMS_DIR, else Forms).")
    var directory: String?

    var url: URL {
        URL(fileURLWithPath: directory ?? ProcessInfo.processInfo.environment["FORMS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "Forms")
    }
}

struct FormsLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "List every problem in the form definitions and the workflow files (file:line:column: key: message); exit 1 if any."
    )

    @OptionGroup var forms: FormsDirectoryOption

    func run() throws {
        // The workflow files (holidays, deadlines) load with the forms at start, so they are linted together.
        let issues = WorkflowSettings.lint(directory: forms.url)
        for issue in issues {
            print(issue.description)
        }
        guard issues.isEmpty else {
            FileHandle.standardError.write(Data("civicvoice: \(issues.count) problem\(issues.count == 1 ? "" : "s") in \(forms.url.path)\n".utf8))
            throw ExitCode.failure
        }
        let (catalog, workflow) = try WorkflowSettings.loadWithForms(directory: forms.url)
        print("ok: \(catalog.forms.count) forms, \(catalog.ui.languages.count) interface languages, "
              + "\(workflow.holidays.holidays.count) holidays, \(workflow.deadlines.categories.count) category deadlines in \(forms.url.path)")
    }
}

struct FormsCoverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print, per form and language, the share of strings translated."
    )

    @OptionGroup var forms: FormsDirectoryOption

    func run() throws {
        let catalog: FormCatalog
        do {
            catalog = try FormCatalog.load(directory: forms.url)
        } catch {
            FileHandle.standardError.write(Data("civicvoice: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        print(["form", "language", "status", "translated", "total", "share"].joined(separator: "\t"))
        for row in catalog.coverage() {
            print([row.formID ?? "(interface)", row.language, row.status.rawValue, "\(row.translated)", "\(row.total)",
                   String(format: "%.0f%%", row.share * 100)].joined(separator: "\t"))
        }
    }
}
