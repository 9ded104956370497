import Foundation
import Yams

/// Readers shared by the workflow files (`Forms/workflow/*.yaml`), on top of the form readers.
enum WorkflowYAML {
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// A map of language tag → non-empty text that has Vietnamese (`vi`).
    static func localizedText(_ node: Node, at path: YAMLPath, issues: inout IssueCollector) -> LocalizedText? {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues,
                                        expected: "a map of language → text, e.g. {vi: \"…\", en: \"…\"}")
        else { return nil }
        var translations: [String: String] = [:]
        for entry in mapping.entries {
            let entryPath = path.appending(entry.key)
            guard LanguageChain.isWellFormedTag(entry.key) else {
                issues.add("'\(entry.key)' is not a language tag; inside {…}, put text that contains a comma in quotes",
                           at: entry.keyNode, path: entryPath)
                continue
            }
            if let text = issues.nonEmptyString(entry.value, at: entryPath) { translations[entry.key] = text }
        }
        guard mapping[LanguageChain.baseLanguage] != nil else {
            issues.add("missing the Vietnamese text '\(LanguageChain.baseLanguage)'", at: node, path: path)
            return nil
        }
        return translations[LanguageChain.baseLanguage] == nil ? nil : LocalizedText(translations)
    }

    /// An unquoted whole number of working days in `range`.
    static func workingDays(_ node: Node, at path: YAMLPath, range: ClosedRange<Int>, issues: inout IssueCollector) -> Int? {
        guard let value = issues.integer(node, at: path) else { return nil }
        guard range.contains(value) else {
            issues.add("\(value) working days is out of range; expected \(range.lowerBound)...\(range.upperBound)",
                       at: node, path: path)
            return nil
        }
        return value
    }

    /// The unit register's code rule (the `units.code` check in the database): a letter or digit,
    /// then letters, digits, `.`, `_` or `-`, 64 characters at most.
    static func isUnitCode(_ text: String) -> Bool {
        guard (1...64).contains(text.count), let first = text.first, first.isASCII, first.isLetter || first.isNumber
        else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Reads `url` as UTF-8 text, or records why it cannot.
    static func read(_ url: URL) throws(FormValidationErrors) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FormValidationErrors([FormIssue(file: url.path, line: 1, column: 1, keyPath: "",
                                                  message: "cannot read the file: \(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormValidationErrors([FormIssue(file: url.path, line: 1, column: 1, keyPath: "",
                                                  message: "the file is not valid UTF-8")])
        }
        return text
    }
}
