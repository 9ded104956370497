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
        for file in formFiles.sorted(by: { $0.path < $1.path }) {
            do {
                let form = try FormDefinition.parse(yaml: file.contents, file: file.path)
                let (line, column) = idPosition(in: file.contents)
                if let first = firstFileByID[form.id] {
                    issues.append(FormIssue(file: file.path, line: line, column: column, keyPath: "id",
                                            message: "duplicate form id '\(form.id)'; \(first) already defines it"))
                    continue
                }
                if form.id != file.stem {
                    issues.append(FormIssue(file: file.path, line: line, column: column, keyPath: "id",
                                            message: "form id '\(form.id)' does not match the file name; name the file \(form.id).yaml"))
                }
                firstFileByID[form.id] = file.path
                forms.append(form)
            } catch {
                issues += error.issues
            }
        }

        let base = LanguageChain.baseLanguage
        var tables: [UIStrings.Table] = []
        let baseFile = uiFiles.first { $0.stem == base }
        var baseTable: UIStrings.Table?
        if let baseFile {
            do {
                baseTable = try UIStrings.parseTable(yaml: baseFile.contents, file: baseFile.path, language: base)
            } catch {
                issues += error.issues
            }
        } else {
            issues.append(FormIssue(file: "ui/\(base).yaml", line: 1, column: 1, keyPath: "",
                                    message: "missing: the base language's interface strings are required"))
        }
        if let baseTable { tables.append(baseTable) }
        for file in uiFiles.sorted(by: { $0.path < $1.path }) where file.stem != base {
            guard let language = LanguageChain.canonicalTag(file.stem), language == file.stem else {
                issues.append(FormIssue(file: file.path, line: 1, column: 1, keyPath: "",
                                        message: "the file name must be a language tag, such as en.yaml or hmn.yaml"))
                continue
            }
            do {
                // Without a valid base table the cross-checks cannot run; the base's own issues say why.
                tables.append(try UIStrings.parseTable(yaml: file.contents, file: file.path, language: language,
                                                       base: baseTable))
            } catch {
                issues += error.issues
            }
        }

        guard issues.isEmpty else { return .failure(FormValidationErrors(issues)) }
        return .success(FormCatalog(forms: forms, ui: UIStrings(tables: tables, baseLanguage: base)))
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
    private static func readYAMLFiles(in directory: URL, issues: inout [FormIssue]) -> [SourceFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            issues.append(FormIssue(file: directory.path, line: 1, column: 1, keyPath: "",
                                    message: "cannot list the directory: \(error.localizedDescription)"))
            return []
        }
        var files: [SourceFile] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            if name.hasSuffix(".yml") {
                issues.append(FormIssue(file: url.path, line: 1, column: 1, keyPath: "",
                                        message: "rename to .yaml: only .yaml files are loaded"))
                continue
            }
            guard name.hasSuffix(".yaml") else { continue }
            do {
                let data = try Data(contentsOf: url)
                guard let text = String(data: data, encoding: .utf8) else {
                    issues.append(FormIssue(file: url.path, line: 1, column: 1, keyPath: "",
                                            message: "the file is not valid UTF-8"))
                    continue
                }
                files.append(SourceFile(path: url.path, contents: text))
            } catch {
                issues.append(FormIssue(file: url.path, line: 1, column: 1, keyPath: "",
                                        message: "cannot read the file: \(error.localizedDescription)"))
            }
        }
        return files
    }

    /// Where the top-level `id` value is, for issues about the id as a whole.
    private static func idPosition(in yaml: String) -> (Int, Int) {
        guard let root = try? Yams.compose(yaml: yaml), let mark = root["id"]?.mark else { return (1, 1) }
        return (mark.line, mark.column)
    }
}
