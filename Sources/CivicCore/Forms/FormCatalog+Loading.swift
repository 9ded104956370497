import Foundation
import Yams

extension FormCatalog {
    /// The text of one file, named as it should appear in issues.
    public struct SourceFile: Sendable, Hashable {
        /// The path shown in issues; its last component (without `.yaml`) is the form id or
        /// language tag the file must be for.
        public let path: String
        public let contents: String

        public init(path: String, contents: String) {
            self.path = path
            self.contents = contents
        }

        /// The file name without its extension: `Forms/sipas.yaml` → `sipas`.
        var stem: String {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        }
    }

    /// Builds a catalog from file contents: the pure core of ``load(directory:)``.
    ///
    /// - Returns: the catalog, or every issue in every file.
    public static func assemble(forms formFiles: [SourceFile], ui uiFiles: [SourceFile]) -> Result<FormCatalog, FormValidationErrors> {
        var issues: [FormIssue] = []
        var forms: [FormDefinition] = []
        var firstFileByID: [String: String] = [:]
        var metricsDefault: (id: String, file: String)?
        var kioskLayouts: [String: KioskLayout] = [:]
        for file in formFiles.sorted(by: { $0.path < $1.path }) {
            let read = readForm(file)
            issues += read.issues
            guard let form = read.form else { continue }
            if read.settings.metricsDefault {
                if let first = metricsDefault {
                    let (line, column) = position(of: "metrics_default", in: file.contents)
                    issues.append(FormIssue(file: file.path, line: line, column: column, keyPath: "metrics_default",
                                            message: "\(first.file) already declares itself the default for "
                                                + "metrics; only one form may"))
                } else {
                    metricsDefault = (form.id, file.path)
                }
            }
            if let first = firstFileByID[form.id] {
                let (line, column) = idPosition(in: file.contents)
                issues.append(FormIssue(file: file.path, line: line, column: column, keyPath: "id",
                                        message: "duplicate form id '\(form.id)'; \(first) already defines it"))
                continue
            }
            issues += read.misnamed.map { [$0] } ?? []
            firstFileByID[form.id] = file.path
            forms.append(form)
            kioskLayouts[form.id] = read.settings.kioskLayout
        }

        let base = LanguageChain.baseLanguage
        var tables: [UIStrings.Table] = []
        let baseFile = uiFiles.first { $0.stem == base }
        var baseTable: UIStrings.Table?
        if let baseFile {
            switch readUITable(baseFile, base: nil) {
            case .success(let table): baseTable = table
            case .failure(let errors): issues += errors.issues
            }
        } else {
            issues.append(FormIssue(file: "ui/\(base).yaml", line: 1, column: 1, keyPath: "",
                                    message: "missing: the base language's interface strings are required"))
        }
        if let baseTable { tables.append(baseTable) }
        for file in uiFiles.sorted(by: { $0.path < $1.path }) where file.stem != base {
            switch readUITable(file, base: baseTable) {
            case .success(let table): tables.append(table)
            case .failure(let errors): issues += errors.issues
            }
        }

        guard issues.isEmpty else { return .failure(FormValidationErrors(issues)) }
        return .success(FormCatalog(forms: forms, ui: UIStrings(tables: tables, baseLanguage: base),
                                    metricsDefaultFormID: metricsDefault?.id, kioskLayouts: kioskLayouts))
    }

    /// Loads `directory/*.yaml` as forms and `directory/ui/*.yaml` as UI strings.
    ///
    /// The only I/O in CivicCore: it reads those files and nothing else. Issues name each file by
    /// its full path.
    /// - Throws: ``FormValidationErrors`` with every issue in every file.
    public static func load(directory: URL) throws(FormValidationErrors) -> FormCatalog {
        var issues: [FormIssue] = []
        let forms = readYAMLFiles(in: directory, issues: &issues)
        let ui = readYAMLFiles(in: directory.appendingPathComponent("ui", isDirectory: true), issues: &issues)
        switch assemble(forms: forms, ui: ui) {
        case .success(let catalog) where issues.isEmpty:
            return catalog
        case .success:
            throw FormValidationErrors(issues)
        case .failure(let errors):
            throw FormValidationErrors(issues + errors.issues)
        }
    }

    /// One interface-strings file parsed as the table of the language its name is: the base
    /// language's own table, or another checked against `base` (without a valid base table the
    /// cross-checks cannot run; the base's own issues say why).
    static func readUITable(_ file: SourceFile, base: UIStrings.Table?) -> Result<UIStrings.Table, FormValidationErrors> {
        if file.stem == LanguageChain.baseLanguage {
            return Result { () throws(FormValidationErrors) in
                try UIStrings.parseTable(yaml: file.contents, file: file.path, language: file.stem)
            }
        }
        guard let language = LanguageChain.canonicalTag(file.stem), language == file.stem else {
            return .failure(FormValidationErrors([FormIssue(
                file: file.path, line: 1, column: 1, keyPath: "",
                message: "the file name must be a language tag, such as en.yaml or hmn.yaml")]))
        }
        return Result { () throws(FormValidationErrors) in
            try UIStrings.parseTable(yaml: file.contents, file: file.path, language: language, base: base)
        }
    }

    /// One form file parsed: the form (nil when it has issues), its settings (`metrics_default`,
    /// `kiosk_layout`), its issues, and the issue to report when its id does not name the file.
    static func readForm(_ file: SourceFile)
        -> (form: FormDefinition?, settings: FormFileSettings, issues: [FormIssue], misnamed: FormIssue?) {
        do {
            let (form, settings) = try FormDefinition.parseWithSettings(yaml: file.contents, file: file.path)
            let (line, column) = idPosition(in: file.contents)
            let reserved = form.id == TranslationSet.interfaceTarget
                ? [FormIssue(file: file.path, line: line, column: column, keyPath: "id",
                             message: "'\(form.id)' names the interface strings in translators' files; choose another id")]
                : []
            guard form.id != file.stem else { return (form, settings, reserved, nil) }
            return (form, settings, reserved, FormIssue(
                file: file.path, line: line, column: column, keyPath: "id",
                message: "form id '\(form.id)' does not match the file name; name the file \(form.id).yaml"))
        } catch {
            return (nil, FormFileSettings(), error.issues, nil)
        }
    }

    /// Every issue ``load(directory:)`` would throw; empty when the directory is fine.
    public static func lint(directory: URL) -> [FormIssue] {
        do {
            _ = try load(directory: directory)
            return []
        } catch {
            return error.issues
        }
    }

    /// Reads the `.yaml` files directly in `directory`, sorted by name. A `.yml` file is reported
    /// rather than silently skipped.
    static func readYAMLFiles(in directory: URL, issues: inout [FormIssue]) -> [SourceFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            issues.append(FormIssue(file: directory.path, line: 1, column: 1, keyPath: "",
                                    message: "cannot list the directory: \(error.localizedDescription)"))
            return []
        }
        var files: [SourceFile] = []
        for name in names where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            switch readSourceFile(directory.appendingPathComponent(name)) {
            case .success(let file): files.append(file)
            case .failure(let errors): issues += errors.issues
            }
        }
        return files
    }

    /// The text of one definition file: a `.yml` name, bytes that are not UTF-8 or a file that
    /// cannot be read is an issue of its own.
    static func readSourceFile(_ url: URL) -> Result<SourceFile, FormValidationErrors> {
        func issue(_ message: String) -> Result<SourceFile, FormValidationErrors> {
            .failure(FormValidationErrors([FormIssue(file: url.path, line: 1, column: 1, keyPath: "", message: message)]))
        }
        if url.lastPathComponent.hasSuffix(".yml") { return issue("rename to .yaml: only .yaml files are loaded") }
        do {
            guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
                return issue("the file is not valid UTF-8")
            }
            return .success(SourceFile(path: url.path, contents: text))
        } catch {
            return issue("cannot read the file: \(error.localizedDescription)")
        }
    }

    /// Where the top-level `id` value is, for issues about the id as a whole.
    private static func idPosition(in yaml: String) -> (Int, Int) {
        position(of: "id", in: yaml)
    }

    /// Where the top-level key's value is, for an issue about it; the file's start if not found.
    private static func position(of key: String, in yaml: String) -> (Int, Int) {
        guard let root = try? Yams.compose(yaml: yaml), let mark = root[key]?.mark else { return (1, 1) }
        return (mark.line, mark.column)
    }
}
