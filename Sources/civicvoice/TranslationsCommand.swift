import ArgumentParser
import CivicCore
import Foundation

/// `civicvoice translations export|import`: strings out to translators and back, without a
/// database or a server.
struct TranslationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations",
        abstract: "Export a form's strings for translators (XLIFF 2.0 or CSV) and import them back.",
        subcommands: [TranslationsExport.self, TranslationsImport.self]
    )

    /// The keys of `ui/vi.yaml` in file order, where the export lists them and the import puts new ones.
    static func interfaceOrder(directory: URL) -> [String] {
        let url = directory.appendingPathComponent("ui").appendingPathComponent("\(LanguageChain.baseLanguage).yaml")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return UIStrings.keysInFileOrder(yaml: text)
    }

    static func loadCatalog(_ directory: URL) throws -> FormCatalog {
        do {
            return try FormCatalog.load(directory: directory)
        } catch {
            FileHandle.standardError.write(Data("civicvoice: fix the forms first:\n\(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

struct TranslationsExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the strings of a form (or of the interface: --form ui) in one language, for translators."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case xliff, csv
    }

    @Option(help: "The form id, or 'ui' for the interface strings.") var form: String
    @Option(help: "The target language tag, e.g. hmn or hmn-Latn-VN.") var lang: String
    @Option(help: "xliff (XLIFF 2.0, for translation tools) or csv (for a spreadsheet).") var format: Format
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var forms: FormsDirectoryOption

    func run() throws {
        let catalog = try TranslationsCommand.loadCatalog(forms.url)
        let set: TranslationSet
        do {
            set = try TranslationSet.make(catalog: catalog, target: form, language: lang,
                                          interfaceOrder: TranslationsCommand.interfaceOrder(directory: forms.url))
        } catch {
            FileHandle.standardError.write(Data("civicvoice: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let text = format == .xliff ? set.xliff() : set.csv()
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            let counts = Dictionary(grouping: set.units, by: \.status).mapValues(\.count)
            print("wrote \(output): \(set.units.count) strings of \(form) for \(lang) ("
                  + StringStatus.allCases.map { "\(counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ") + ")")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

struct TranslationsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Check a translator's XLIFF or CSV file and write its translations into the form's YAML, or refuse with each problem's line."
    )

    @Argument(help: "The XLIFF or CSV file.") var file: String
    @Option(help: "Who reviewed the units marked reviewed that name no reviewer themselves.") var reviewer: String?
    @Flag(help: "Check and report, write nothing.") var dryRun = false
    @OptionGroup var forms: FormsDirectoryOption

    /// `reviewed by Giàng A Páo "Lub npe"`, `missing`.
    static func describe(_ state: TranslationImport.Change.State) -> String {
        var text = state.status.rawValue
        if let reviewer = state.reviewer { text += " by \(reviewer)" }
        if let translation = state.text { text += " \"\(translation)\"" }
        return text
    }

    func run() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let catalog = try TranslationsCommand.loadCatalog(forms.url)
        do {
            let submitted = try SubmittedTranslations.read(data, file: file)
            let path = forms.url.appendingPathComponent(TranslationSet.yamlPath(target: submitted.target,
                                                                               language: submitted.language))
            let current = try? String(contentsOf: path, encoding: .utf8)
            let outcome = try TranslationImport.apply(submitted, file: file, catalog: catalog, currentYAML: current,
                                                      interfaceOrder: TranslationsCommand.interfaceOrder(directory: forms.url),
                                                      reviewer: reviewer)
            let coverage = outcome.coverage
            let summary = "\(outcome.written) written (\(outcome.reviewed) reviewed, \(outcome.stale) stale), "
                + "\(outcome.unchanged) unchanged; \(submitted.language) is now \(outcome.status.rawValue): "
                + "\(coverage.reviewed) reviewed, \(coverage.draft) draft, \(coverage.stale) stale, "
                + "\(coverage.missing) missing of \(coverage.total)"
            guard let text = outcome.text else {
                print("\(path.path): no change; \(summary)")
                return
            }
            if dryRun {
                print("\(path.path): would change (dry run); \(summary)")
            } else {
                try Data(text.utf8).write(to: path, options: .atomic)
                print("\(path.path): updated; \(summary)")
            }
            for change in outcome.changes {
                print("  \(change.id): \(Self.describe(change.before)) -> \(Self.describe(change.after))")
            }
        } catch let errors as FormValidationErrors {
            for issue in errors.issues { print(issue.description) }
            FileHandle.standardError.write(Data("civicvoice: \(errors.issues.count) problem\(errors.issues.count == 1 ? "" : "s") in \(file); nothing was written\n".utf8))
            throw ExitCode.failure
        }
    }
}
