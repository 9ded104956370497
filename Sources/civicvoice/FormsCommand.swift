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
        abstract: "List every problem in form definitions (file:line:column: key: message); exit 1 if any.",
        discussion: """
            Each path is checked on its own: a directory as a forms directory (its forms, ui/ strings and \
            workflow/ files, as the server loads them), a file as what its place makes it (ui/<lang>.yaml, \
            workflow/holidays.yaml or deadlines.yaml, plans/<year>-<unit>.yaml, else a form). Without paths: \
            the forms directory, plans/ included.
            """
    )

    @Argument(help: "Files or directories to check (default: --dir, else FORMS_DIR, else Forms).")
    var paths: [String] = []

    @OptionGroup var forms: FormsDirectoryOption

    func run() throws {
        let urls = paths.isEmpty ? [forms.url] : paths.map { URL(fileURLWithPath: $0) }
        try Self.printReports(urls.map(DefinitionLint.check))
    }

    /// Every issue of `reports`, or an `ok:` line for a report without any; exit 1 if any.
    static func printReports(_ reports: [DefinitionLint.Report]) throws {
        var problems = 0
        for report in reports {
            for issue in report.issues {
                print(issue.description)
            }
            problems += report.issues.count
            if report.issues.isEmpty {
                print("ok: \(report.summary) in \(report.path)")
            }
        }
        guard problems == 0 else {
            FileHandle.standardError.write(Data("civicvoice: \(problems) problem\(problems == 1 ? "" : "s")\n".utf8))
            throw ExitCode.failure
        }
    }
}

struct FormsCoverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print, per form and language, how many strings are reviewed, draft, stale and missing."
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
        print(["form", "language", "status", "reviewed", "draft", "stale", "missing", "total", "shown", "complete"]
            .joined(separator: "\t"))
        for row in catalog.coverage() {
            print([row.formID ?? "(interface)", row.language, row.status.rawValue, "\(row.reviewed)", "\(row.draft)",
                   "\(row.stale)", "\(row.missing)", "\(row.total)", String(format: "%.0f%%", row.share * 100),
                   row.isComplete ? "yes" : "no"].joined(separator: "\t"))
        }
    }
}
