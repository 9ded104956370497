import Foundation
import Yams

extension MessageTemplates {
    /// The subdirectory of the forms directory that holds the message files.
    public static let directoryName = "messages"

    /// Parses one language's file: a map of kind (`receipt`, `accepted`, `out_of_scope`,
    /// `published`) → `subject` and `body`. Pure.
    /// - Throws: ``FormValidationErrors`` with every issue found.
    public static func parseFile(yaml: String, file: String, language: String,
                                 baseLanguage: String = LanguageChain.baseLanguage) throws(FormValidationErrors) -> [MessageKind: Template] {
        var issues = IssueCollector(file: file)
        guard let root = issues.compose(yaml),
              let mapping = YAMLMapping(root, path: .root, issues: &issues, expected: "a map of message kind → subject and body")
        else { throw FormValidationErrors(issues.issues) }
        mapping.rejectUnknownKeys(allowed: MessageKind.allCases.map(\.rawValue), issues: &issues)
        var templates: [MessageKind: Template] = [:]
        for kind in MessageKind.allCases {
            guard let node = mapping[kind.rawValue] else {
                if language == baseLanguage {
                    issues.add("missing message '\(kind.rawValue)': the base language must define every message",
                               at: root, path: .root)
                }
                continue
            }
            let path = YAMLPath.root.appending(kind.rawValue)
            guard let entry = YAMLMapping(node, path: path, issues: &issues, expected: "a mapping with subject and body")
            else { continue }
            entry.rejectUnknownKeys(allowed: ["subject", "body"], issues: &issues)
            let subjectNode = entry.required("subject", issues: &issues)
            let bodyNode = entry.required("body", issues: &issues)
            let subject = subjectNode.flatMap { issues.nonEmptyString($0, at: path.appending("subject")) }
            let body = bodyNode.flatMap { issues.nonEmptyString($0, at: path.appending("body")) }
            guard let subject, let body else { continue }
            if subject.contains(where: \.isNewline) {
                issues.add("a subject is one line", at: subjectNode, path: path.appending("subject"))
                continue
            }
            let used = UIStrings.placeholders(in: subject).union(UIStrings.placeholders(in: body))
            let unknown = used.subtracting(kind.placeholders)
            if !unknown.isEmpty {
                issues.add("\(names(unknown)) is not filled for '\(kind.rawValue)'; it may use only: \(names(kind.placeholders))",
                           at: node, path: path)
                continue
            }
            let missing = kind.requiredPlaceholders.subtracting(used)
            if !missing.isEmpty {
                issues.add("'\(kind.rawValue)' must say \(names(missing)): the reader is written to for it",
                           at: node, path: path)
                continue
            }
            templates[kind] = Template(subject: VietnameseText.nfc(subject), body: VietnameseText.nfc(body))
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues.issues) }
        return templates
    }

    private static func names(_ placeholders: Set<String>) -> String {
        placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
    }

    /// Loads `formsDirectory/messages/*.yaml`: each file named by its language tag, the base
    /// language's required.
    /// - Throws: ``FormValidationErrors`` with every issue in every file.
    public static func load(formsDirectory: URL) throws(FormValidationErrors) -> MessageTemplates {
        let directory = formsDirectory.appendingPathComponent(directoryName, isDirectory: true)
        let base = LanguageChain.baseLanguage
        var issues: [FormIssue] = []
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw FormValidationErrors([FormIssue(file: directory.path, line: 1, column: 1, keyPath: "",
                                                  message: "missing: the messages to citizens are required (\(base).yaml at least)")])
        }
        var languages: [String: [MessageKind: Template]] = [:]
        for name in names where !name.hasPrefix(".") {
            let path = directory.appendingPathComponent(name).path
            guard name.hasSuffix(".yaml") else {
                issues.append(FormIssue(file: path, line: 1, column: 1, keyPath: "",
                                        message: "not a .yaml file: messages are <language>.yaml"))
                continue
            }
            let stem = String(name.dropLast(5))
            guard let language = LanguageChain.canonicalTag(stem), language == stem else {
                issues.append(FormIssue(file: path, line: 1, column: 1, keyPath: "",
                                        message: "the file name must be a language tag, such as en.yaml or hmn.yaml"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                issues.append(FormIssue(file: path, line: 1, column: 1, keyPath: "", message: "cannot read the file as UTF-8"))
                continue
            }
            do {
                languages[language] = try parseFile(yaml: text, file: path, language: language, baseLanguage: base)
            } catch {
                issues += error.issues
            }
        }
        if languages[base] == nil, !issues.contains(where: { $0.file.hasSuffix("/\(base).yaml") }) {
            issues.append(FormIssue(file: directory.appendingPathComponent("\(base).yaml").path, line: 1, column: 1,
                                    keyPath: "", message: "missing: the base language's messages are required"))
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }
        return MessageTemplates(languages: languages, baseLanguage: base)
    }
}
