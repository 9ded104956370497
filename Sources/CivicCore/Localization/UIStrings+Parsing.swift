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
        if let node = mapping[statusKey], let value = issues.enumeration(TranslationStatus.self, node, at: .root.appending(statusKey)) {
            if isBase, value != .complete {
                issues.add("the base language's strings must be complete", at: node, path: .root.appending(statusKey))
            }
            status = value
        }
        var writtenBy: String?
        if let node = mapping[writtenByKey], let name = issues.nonEmptyString(node, at: .root.appending(writtenByKey)) {
            if isBase {
                issues.add("the base language is the source text: nobody is named for it", at: node, path: .root.appending(writtenByKey))
            } else if name.count > TranslationRecord.maximumNameLength {
                issues.add("\(name.count) characters long; at most \(TranslationRecord.maximumNameLength) fit here",
                           at: node, path: .root.appending(writtenByKey))
            } else {
                writtenBy = name
            }
        }
        var strings: [String: String] = [:]
        var records: [String: TranslationRecord] = [:]
        for entry in mapping.entries where entry.key != statusKey && entry.key != writtenByKey {
            let path = YAMLPath.root.appending(entry.key)
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
            guard let read = issues.translationEntry(entry.value, at: path, isBase: isBase) else { continue }
            let text = read.text
            if let baseText = base?.strings[entry.key] {
                let used = placeholders(in: text), expected = placeholders(in: baseText)
                if used != expected {
                    issues.add(placeholderMessage(used: used, expected: expected), at: entry.value, path: path)
                    continue
                }
                issues.checkLength(text, limit: StringRole.interfaceLimit(source: baseText), at: entry.value, path: path)
            }
            strings[entry.key] = text
            records[entry.key] = read.record
            if status == .complete, !isBase, let baseText = base?.strings[entry.key],
               StringStatus.of(record: read.record, currentSource: baseText, plainTextWrittenBy: writtenBy) != .reviewed {
                issues.add("not reviewed against the current Vietnamese, yet '\(statusKey): complete'; have it reviewed "
                           + "(status: reviewed, reviewer: <name>) or mark the file draft", at: entry.value, path: path)
            }
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
        return Table(language: language, status: status, strings: strings, records: records, writtenBy: writtenBy)
    }

    /// "{max} is missing" / "{x} is not filled for this key": a translation keeps exactly the
    /// placeholders of its Vietnamese text, or the page shows a hole or a raw `{x}`.
    static func placeholderMessage(used: Set<String>, expected: Set<String>) -> String {
        func list(_ names: Set<String>) -> String { names.sorted().map { "{\($0)}" }.joined(separator: ", ") }
        var parts: [String] = []
        let missing = expected.subtracting(used), extra = used.subtracting(expected)
        if !missing.isEmpty { parts.append("\(list(missing)) of the Vietnamese text is missing") }
        if !extra.isEmpty { parts.append("\(list(extra)) is not filled for this key") }
        return parts.joined(separator: "; ") + "; the Vietnamese text uses " + (expected.isEmpty ? "no placeholders" : list(expected))
    }

    private static func isWellFormedKey(_ key: String) -> Bool {
        key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        }
    }
}

extension UIStrings {
    /// The keys of a UI-strings file in the order written (`_status` and `_written_by` left
    /// out); empty when the file does not parse.
    public static func keysInFileOrder(yaml: String) -> [String] {
        guard case .mapping(let mapping)? = try? Yams.compose(yaml: yaml) else { return [] }
        return mapping.keys.compactMap(\.string).filter { $0 != statusKey && $0 != writtenByKey }
    }
}
