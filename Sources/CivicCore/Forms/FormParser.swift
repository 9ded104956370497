import Foundation
import Yams

/// Reads one form file into a ``FormDefinition``, collecting every issue on the way.
///
/// The order of the passes matters: `languages` first (every string is checked against it),
/// then `scales` (scale questions refer to them), then the sections in order, so that a
/// `show_if` can only see the questions before it.
struct FormParser {
    var issues: IssueCollector
    let source: String
    /// The file's lines as Unicode scalars, to place `show_if` errors inside the expression.
    let sourceLines: [[Unicode.Scalar]]

    var baseLanguage = LanguageChain.baseLanguage
    var languages: [String: TranslationStatus] = [:]
    /// Who wrote or checked each language's plain-text strings, where `languages` names them.
    var writtenBy: [String: String] = [:]
    /// False when `languages` could not be read: then strings are not checked against it,
    /// which would only repeat one mistake on every string of the file.
    var languagesKnown = false
    var scales: [String: Scale] = [:]
    /// Every scale name written in the file, valid or not, so a broken scale is reported once.
    var scaleNamesWritten: Set<String> = []
    /// Every question id in the file, to tell "asked later" from "unknown" in `show_if`.
    var allQuestionIDs: Set<String> = []
    /// Questions read so far: id → where it was defined and (if readable) its input.
    var earlierQuestions: [String: (node: Node, input: Question.Input?)] = [:]
    var sectionIDs: [String: Node] = [:]

    static let topLevelKeys = ["id", "version", "kind", "base_language", "languages", "title", "intro",
                               "unit", "metrics_default", "kiosk_layout", "scales", "sections"]

    /// `metrics_default: true`: the form the satisfaction figures count when a request names none.
    /// Not part of the definition (nor of its canonical JSON and hash): it says how the catalog
    /// uses the form, not what the form asks. ``FormCatalog`` checks that one form at most says so.
    var metricsDefault = false
    /// `kiosk_layout:` (``KioskLayout``), a setting like `metrics_default`: not part of the definition.
    var kioskLayout = KioskLayout.wholeForm

    init(file: String, source: String) {
        issues = IssueCollector(file: file)
        self.source = source
        sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Array($0.unicodeScalars) }
    }

    mutating func parse() -> FormDefinition? {
        guard let root = issues.compose(source) else { return nil }
        guard let form = YAMLMapping(root, path: .root, issues: &issues,
                                     expected: "a mapping with the form's keys (id, version, kind, …)")
        else { return nil }
        form.rejectUnknownKeys(allowed: Self.topLevelKeys, issues: &issues)

        let id = form.required("id", issues: &issues).flatMap { issues.identifier($0, at: .root.appending("id"), pattern: .formID) }
        let version = form.required("version", issues: &issues).flatMap { parseVersion($0) }
        let kind = form.required("kind", issues: &issues).flatMap { issues.enumeration(FormKind.self, $0, at: .root.appending("kind")) }
        parseLanguages(form)
        let title = form.required("title", issues: &issues).flatMap { translatable($0, at: .root.appending("title"), role: .title) }
        let intro = form["intro"].flatMap { translatable($0, at: .root.appending("intro"), role: .intro) }
        let unit = form["unit"].flatMap { parseUnit($0, at: .root.appending("unit")) }
        if let node = form["metrics_default"],
           let value = issues.bool(node, at: .root.appending("metrics_default")) {
            if value, let kind, kind != .survey {
                issues.add("only a survey form can be the default for metrics; this one is '\(kind.rawValue)'",
                           at: node, path: .root.appending("metrics_default"))
            }
            metricsDefault = value
        }
        if let node = form["kiosk_layout"],
           let value = issues.enumeration(KioskLayout.self, node, at: .root.appending("kiosk_layout")) {
            // A kiosk rates: it shows surveys only, never the feedback form (which takes contact details).
            if let kind, kind != .survey {
                issues.add("only a survey form is shown on a kiosk; this one is '\(kind.rawValue)'",
                           at: node, path: .root.appending("kiosk_layout"))
            }
            kioskLayout = value
        }
        if let scalesNode = form["scales"] { parseScales(scalesNode) }
        let sections = form.required("sections", issues: &issues).flatMap { parseSections($0) }

        guard issues.isEmpty, let id, let version, let kind, let title, let sections else { return nil }
        return FormDefinition(id: id, version: version, kind: kind, baseLanguage: baseLanguage,
                              languages: languages, writtenBy: writtenBy, title: title, intro: intro, unit: unit,
                              scales: scales, sections: sections)
    }

    private mutating func parseVersion(_ node: Node) -> Int? {
        let path = YAMLPath.root.appending("version")
        guard let version = issues.integer(node, at: path) else { return nil }
        guard version > 0 else {
            issues.add("version must be a positive integer, found \(version)", at: node, path: path)
            return nil
        }
        return version
    }

    // MARK: - Languages

    private mutating func parseLanguages(_ form: YAMLMapping) {
        let basePath = YAMLPath.root.appending("base_language")
        var baseNode: Node?
        if let node = form.required("base_language", issues: &issues),
           let tag = issues.identifier(node, at: basePath, pattern: .languageTag) {
            baseLanguage = tag
            baseNode = node
        }
        guard let node = form.required("languages", issues: &issues) else { return }
        let path = YAMLPath.root.appending("languages")
        guard let mapping = YAMLMapping(node, path: path, issues: &issues,
                                        expected: "a map of language tag → complete or draft")
        else { return }
        let errorsBefore = issues.issues.count
        for entry in mapping.entries {
            let entryPath = path.appending(entry.key)
            guard LanguageChain.isWellFormedTag(entry.key) else {
                issues.add("'\(entry.key)' is not a valid language tag: \(IdentifierPattern.languageTag.rule)",
                           at: entry.keyNode, path: entryPath)
                continue
            }
            if let canonical = LanguageChain.canonicalTag(entry.key), canonical != entry.key {
                issues.add("write the language tag as '\(canonical)'", at: entry.keyNode, path: entryPath)
                continue
            }
            if case .mapping = entry.value {
                readLanguageRecord(entry.value, language: entry.key, at: entryPath)
            } else if let status = issues.enumeration(TranslationStatus.self, entry.value, at: entryPath) {
                languages[entry.key] = status
            }
        }
        if mapping.entries.isEmpty {
            issues.add("list at least the base language, e.g. 'vi: complete'", at: node, path: path)
        }
        if let baseNode {
            if mapping[baseLanguage] == nil {
                issues.add("the base language '\(baseLanguage)' must be listed in 'languages'", at: baseNode, path: basePath)
            } else if let status = languages[baseLanguage], status != .complete,
                      let statusNode = mapping[baseLanguage] {
                issues.add("the base language must be complete", at: statusNode, path: path.appending(baseLanguage))
            }
        }
        languagesKnown = issues.issues.count == errorsBefore && baseNode != nil
    }

    /// The keys of a language written with its record (`en: {status: complete, written_by: …}`).
    static let languageRecordKeys = ["status", "written_by"]

    /// Reads `{status: complete|draft, written_by: <who>}`: the language's status, and who wrote
    /// or checked its plain-text strings, which then count as reviewed by them.
    private mutating func readLanguageRecord(_ node: Node, language: String, at path: YAMLPath) {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues) else { return }
        mapping.rejectUnknownKeys(allowed: Self.languageRecordKeys, issues: &issues)
        if let statusNode = mapping.required("status", issues: &issues),
           let status = issues.enumeration(TranslationStatus.self, statusNode, at: path.appending("status")) {
            languages[language] = status
        }
        guard let writtenByNode = mapping.required("written_by", issues: &issues),
              let name = issues.nonEmptyString(writtenByNode, at: path.appending("written_by"))
        else { return }
        if language == baseLanguage {
            issues.add("the base language is the source text: nobody is named for it", at: writtenByNode,
                       path: path.appending("written_by"))
        } else if name.count > TranslationRecord.maximumNameLength {
            issues.add("\(name.count) characters long; at most \(TranslationRecord.maximumNameLength) fit here",
                       at: writtenByNode, path: path.appending("written_by"))
        } else {
            writtenBy[language] = name
        }
    }

    /// Reads a translatable string: a map of language tag → text, or → `{text, status, reviewer,
    /// source}` for a translation with its record (see ``IssueCollector/translationEntry``).
    mutating func translatable(_ node: Node, at path: YAMLPath, role: StringRole) -> LocalizedText? {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues,
                                        expected: "a map of language → text, e.g. {\(baseLanguage): \"…\"}")
        else { return nil }
        var translations: [String: String] = [:]
        var records: [String: TranslationRecord] = [:]
        for entry in mapping.entries {
            let entryPath = path.appending(entry.key)
            if !LanguageChain.isWellFormedTag(entry.key) {
                // `{vi: Thủ tục, giấy tờ}` splits at the comma: the usual way to get here.
                issues.add("'\(entry.key)' is not a language tag; inside {…}, put text that contains a comma in quotes",
                           at: entry.keyNode, path: entryPath)
                continue
            }
            if languagesKnown, languages[entry.key] == nil {
                issues.add("language '\(entry.key)' is not declared in 'languages'", at: entry.keyNode, path: entryPath)
                continue
            }
            if let read = issues.translationEntry(entry.value, at: entryPath, isBase: entry.key == baseLanguage) {
                if let limit = role.limit { issues.checkLength(read.text, limit: limit, at: entry.value, path: entryPath) }
                translations[entry.key] = read.text
                records[entry.key] = read.record
            }
        }
        if mapping[baseLanguage] == nil {
            issues.add("missing the base language '\(baseLanguage)'", at: node, path: path)
        }
        guard translations[baseLanguage] != nil else { return nil }
        let text = LocalizedText(translations, records: records, baseLanguage: baseLanguage)
        if languagesKnown {
            for (language, status) in languages.sorted(by: { $0.key < $1.key })
            where status == .complete && language != baseLanguage {
                // "complete" is a promise to readers: no notice, and nothing shown in Vietnamese.
                switch text.status(in: language, plainTextWrittenBy: writtenBy[language]) {
                case .missing:
                    issues.add("missing '\(language)', which 'languages' marks complete", at: node, path: path)
                case .draft:
                    issues.add("'\(language)' is a draft, yet 'languages' marks it complete; have it reviewed "
                               + "(status: reviewed, reviewer: <name>) or mark the language draft",
                               at: mapping[language], path: path.appending(language))
                case .stale:
                    issues.add("'\(language)' is stale: the Vietnamese changed after it was translated, yet 'languages' "
                               + "marks it complete; translate it again or mark the language draft",
                               at: mapping[language], path: path.appending(language))
                case .reviewed:
                    break
                }
            }
        }
        return text
    }

    // MARK: - Unit

    private mutating func parseUnit(_ node: Node, at path: YAMLPath) -> UnitRule? {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues,
                                        expected: "'{fixed: <unit code>}' or '{chosen_by_citizen: true}'")
        else { return nil }
        mapping.rejectUnknownKeys(allowed: ["fixed", "chosen_by_citizen"], issues: &issues)
        switch (mapping["fixed"], mapping["chosen_by_citizen"]) {
        case (let fixed?, nil):
            return issues.identifier(fixed, at: path.appending("fixed"), pattern: .unitCode).map(UnitRule.fixed)
        case (nil, let chosen?):
            guard let value = issues.bool(chosen, at: path.appending("chosen_by_citizen")) else { return nil }
            guard value else {
                issues.add("'chosen_by_citizen: false' has no meaning; use 'fixed: <unit code>' or leave 'unit' out",
                           at: chosen, path: path.appending("chosen_by_citizen"))
                return nil
            }
            return .chosenByCitizen
        case (.some, .some):
            issues.add("give either 'fixed' or 'chosen_by_citizen', not both", at: node, path: path)
            return nil
        case (nil, nil):
            if mapping.entries.isEmpty {
                issues.add("expected 'fixed: <unit code>' or 'chosen_by_citizen: true'", at: node, path: path)
            }
            return nil
        }
    }

    // MARK: - Scales

    private mutating func parseScales(_ node: Node) {
        let path = YAMLPath.root.appending("scales")
        guard let mapping = YAMLMapping(node, path: path, issues: &issues, expected: "a map of scale name → scale")
        else { return }
        for entry in mapping.entries {
            let scalePath = path.appending(entry.key)
            scaleNamesWritten.insert(entry.key)
            guard IdentifierPattern.scaleName.matches(entry.key) else {
                issues.add("'\(entry.key)' is not a valid scale name: \(IdentifierPattern.scaleName.rule)",
                           at: entry.keyNode, path: scalePath)
                continue
            }
            if let scale = parseScale(entry.value, at: scalePath) {
                scales[entry.key] = scale
            }
        }
    }

    private mutating func parseScale(_ node: Node, at path: YAMLPath) -> Scale? {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues) else { return nil }
        mapping.rejectUnknownKeys(allowed: ["options", "satisfied"], issues: &issues)
        var options: [Scale.Option]?
        if let optionsNode = mapping.required("options", issues: &issues),
           let items = issues.sequence(optionsNode, at: path.appending("options")) {
            if items.isEmpty {
                issues.add("a scale needs at least one option", at: optionsNode, path: path.appending("options"))
            }
            var seen: [Int: Node] = [:]
            var parsed: [Scale.Option] = []
            var complete = true
            for (index, item) in items.enumerated() {
                let itemPath = path.appending("options").appending(index: index)
                guard let option = YAMLMapping(item, path: itemPath, issues: &issues) else {
                    complete = false
                    continue
                }
                option.rejectUnknownKeys(allowed: ["value", "label"], issues: &issues)
                let valueNode = option.required("value", issues: &issues)
                let value = valueNode.flatMap { issues.integer($0, at: itemPath.appending("value")) }
                let label = option.required("label", issues: &issues).flatMap { translatable($0, at: itemPath.appending("label"), role: .option) }
                if let value, let valueNode {
                    if let first = seen[value] {
                        issues.add("duplicate value \(value); already used at line \(first.mark?.line ?? 0)",
                                   at: valueNode, path: itemPath.appending("value"))
                        complete = false
                    } else {
                        seen[value] = valueNode
                    }
                }
                if let value, let label {
                    parsed.append(Scale.Option(value: value, label: label))
                } else {
                    complete = false
                }
            }
            if complete, !parsed.isEmpty { options = parsed }
        }
        var satisfied: [Int]?
        if let satisfiedNode = mapping.required("satisfied", issues: &issues) {
            let satisfiedPath = path.appending("satisfied")
            if let items = issues.sequence(satisfiedNode, at: satisfiedPath) {
                if items.isEmpty {
                    issues.add("list at least one value that counts as satisfied, e.g. [4, 5]",
                               at: satisfiedNode, path: satisfiedPath)
                }
                var values: [Int] = []
                for (index, item) in items.enumerated() {
                    guard let value = issues.integer(item, at: satisfiedPath.appending(index: index)) else { continue }
                    if let options, !options.contains(where: { $0.value == value }) {
                        let known = options.map { String($0.value) }.joined(separator: ", ")
                        issues.add("\(value) is not a value of this scale (\(known))",
                                   at: item, path: satisfiedPath.appending(index: index))
                    } else if values.contains(value) {
                        issues.add("\(value) is listed twice", at: item, path: satisfiedPath.appending(index: index))
                    } else {
                        values.append(value)
                    }
                }
                if !items.isEmpty { satisfied = values }
            }
        }
        guard let options, let satisfied else { return nil }
        return Scale(options: options, satisfied: satisfied)
    }
}
