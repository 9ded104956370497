import Yams

extension UIStrings {
    /// Parses one UI-strings file: a flat map of key → text, plus an optional `_status`
    /// (`complete` or `draft`; a file that says nothing is a draft, except the base language's,
    /// which is complete by definition).
    ///
    /// Pure. For the base language every ``requiredKeys`` entry must be present. For another
    /// language, pass the base table as `base`: keys it lacks and placeholders its text does not
    /// use are reported, and a file marked complete must define every key the base defines.
    /// - Throws: ``FormValidationErrors`` with every issue found.
    public static func parseTable(yaml: String, file: String, language: String,
                                  baseLanguage: String = LanguageChain.baseLanguage,
                                  base: Table? = nil) throws(FormValidationErrors) -> Table {
        var issues = IssueCollector(file: file)
        let table = readTable(yaml: yaml, language: language, baseLanguage: baseLanguage, base: base, issues: &issues)
        if let table, issues.isEmpty { return table }
        throw FormValidationErrors(issues.issues)
    }

    private static func readTable(yaml: String, language: String, baseLanguage: String, base: Table?,
                                  issues: inout IssueCollector) -> Table? {
        guard let root = issues.compose(yaml),
              let mapping = YAMLMapping(root, path: .root, issues: &issues, expected: "a map of key → text")
        else { return nil }
        let isBase = language == baseLanguage
        var status: TranslationStatus = isBase ? .complete : .draft
        var strings: [String: String] = [:]
        for entry in mapping.entries {
            let path = YAMLPath.root.appending(entry.key)
            if entry.key == statusKey {
                if let value = issues.enumeration(TranslationStatus.self, entry.value, at: path) {
                    if isBase, value != .complete {
                        issues.add("the base language's strings must be complete", at: entry.value, path: path)
                    }
                    status = value
                }
                continue
            }
            guard isWellFormedKey(entry.key) else {
                issues.add("'\(entry.key)' is not a valid key: lowercase words of letters, digits and '_', joined by '.'",
                           at: entry.keyNode, path: path)
                continue
            }
            if let base, base.strings[entry.key] == nil {
                var message = "unknown key '\(entry.key)': ui/\(baseLanguage).yaml does not define it"
                if let suggestion = YAMLMapping.nearestKey(to: entry.key, among: base.strings.keys.sorted()) {
                    message += "; did you mean '\(suggestion)'?"
                }
                issues.add(message, at: entry.keyNode, path: path)
                continue
            }
            guard let text = issues.nonEmptyString(entry.value, at: path) else { continue }
            if let baseText = base?.strings[entry.key] {
                let extra = placeholders(in: text).subtracting(placeholders(in: baseText))
                if !extra.isEmpty {
                    let names = extra.sorted().map { "{\($0)}" }.joined(separator: ", ")
                    issues.add("\(names) is not filled for this key; the base text uses only: "
                               + placeholders(in: baseText).sorted().map { "{\($0)}" }.joined(separator: ", "),
                               at: entry.value, path: path)
                    continue
                }
            }
            strings[entry.key] = text
        }
        if isBase {
            for key in requiredKeys where mapping[key] == nil {
                issues.add("missing key '\(key)': the base language must define every interface string",
                           at: root, path: .root)
            }
        } else if status == .complete, let base {
            // "complete" is a promise to readers; a missing key would silently show Vietnamese.
            for key in base.strings.keys.sorted() where mapping[key] == nil {
                issues.add("missing key '\(key)', yet '\(statusKey): complete'; translate it or mark the file draft",
                           at: root, path: .root)
            }
        }
        return Table(language: language, status: status, strings: strings)
    }

    private static func isWellFormedKey(_ key: String) -> Bool {
        key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        }
    }
}
