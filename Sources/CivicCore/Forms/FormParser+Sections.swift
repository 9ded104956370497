import Foundation
import Yams

extension FormParser {
    static let sectionKeys = ["id", "element", "title", "questions"]
    static let questionKeys = ["id", "type", "label", "help", "required", "show_if", "scale", "options",
                               "max_length", "multiline", "min", "max", "integer"]
    /// The keys that only some question types accept.
    static let typeSpecificKeys: [QuestionType: [String]] = [
        .scale: ["scale"],
        .singleChoice: ["options"],
        .multipleChoice: ["options"],
        .yesNo: [],
        .text: ["max_length", "multiline"],
        .number: ["min", "max", "integer"],
        .date: ["min", "max"],
    ]

    mutating func parseSections(_ node: Node) -> [FormSection]? {
        let path = YAMLPath.root.appending("sections")
        guard let items = issues.sequence(node, at: path) else { return nil }
        guard !items.isEmpty else {
            issues.add("a form needs at least one section", at: node, path: path)
            return nil
        }
        allQuestionIDs = Self.questionIDs(in: items)
        var sections: [FormSection] = []
        for (index, item) in items.enumerated() {
            if let section = parseSection(item, at: path.appending(index: index)) {
                sections.append(section)
            }
        }
        return sections.count == items.count ? sections : nil
    }

    /// Every question id written anywhere, read leniently before the real pass.
    private static func questionIDs(in sections: [Node]) -> Set<String> {
        var ids: Set<String> = []
        for section in sections {
            guard case .sequence(let questions)? = section["questions"] else { continue }
            for question in questions {
                if case .scalar(let scalar)? = question["id"] { ids.insert(scalar.string) }
            }
        }
        return ids
    }

    private mutating func parseSection(_ node: Node, at path: YAMLPath) -> FormSection? {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues) else { return nil }
        mapping.rejectUnknownKeys(allowed: Self.sectionKeys, issues: &issues)
        var id: String?
        if let idNode = mapping.required("id", issues: &issues),
           let value = issues.identifier(idNode, at: path.appending("id"), pattern: .sectionID) {
            if let first = sectionIDs[value] {
                issues.add("duplicate section id '\(value)'; first used at line \(first.mark?.line ?? 0)",
                           at: idNode, path: path.appending("id"))
            } else {
                sectionIDs[value] = idNode
                id = value
            }
        }
        let element = mapping["element"].flatMap {
            issues.enumeration(SatisfactionElement.self, $0, at: path.appending("element"))
        }
        let elementOK = mapping["element"] == nil || element != nil
        let title = mapping.required("title", issues: &issues).flatMap { translatable($0, at: path.appending("title"), role: .sectionTitle) }
        var questions: [Question]?
        if let questionsNode = mapping.required("questions", issues: &issues),
           let items = issues.sequence(questionsNode, at: path.appending("questions")) {
            if items.isEmpty {
                issues.add("a section needs at least one question", at: questionsNode, path: path.appending("questions"))
            }
            var parsed: [Question] = []
            for (index, item) in items.enumerated() {
                if let question = parseQuestion(item, at: path.appending("questions").appending(index: index)) {
                    parsed.append(question)
                }
            }
            if parsed.count == items.count, !parsed.isEmpty { questions = parsed }
        }
        guard let id, elementOK, let title, let questions else { return nil }
        return FormSection(id: id, element: element, title: title, questions: questions)
    }

    // MARK: - Questions

    private mutating func parseQuestion(_ node: Node, at path: YAMLPath) -> Question? {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues) else { return nil }
        mapping.rejectUnknownKeys(allowed: Self.questionKeys, issues: &issues)

        var id: String?
        if let idNode = mapping.required("id", issues: &issues),
           let value = issues.identifier(idNode, at: path.appending("id"), pattern: .questionID) {
            if Condition.reservedWords.contains(value) {
                issues.add("'\(value)' is a reserved word of show_if and cannot be a question id",
                           at: idNode, path: path.appending("id"))
            } else if let first = earlierQuestions[value] {
                issues.add("duplicate question id '\(value)'; first defined at line \(first.node.mark?.line ?? 0)",
                           at: idNode, path: path.appending("id"))
            } else {
                id = value
            }
        }
        let type = mapping.required("type", issues: &issues).flatMap {
            issues.enumeration(QuestionType.self, $0, at: path.appending("type"))
        }
        let label = mapping.required("label", issues: &issues).flatMap { translatable($0, at: path.appending("label"), role: .label) }
        let help = mapping["help"].flatMap { translatable($0, at: path.appending("help"), role: .help) }
        let helpOK = mapping["help"] == nil || help != nil
        var required: Bool? = false
        if let requiredNode = mapping["required"] {
            required = issues.bool(requiredNode, at: path.appending("required"))
        }

        var input: Question.Input?
        if let type {
            input = parseInput(type, mapping, at: path)
        }

        var showIf: ShowIf?
        var showIfOK = true
        if let showIfNode = mapping["show_if"] {
            showIf = parseShowIf(showIfNode, at: path.appending("show_if"), questionID: id)
            showIfOK = showIf != nil
        }

        // Record the question even if parts of it are broken, so a later show_if that names it
        // gets a type check (or none) rather than a misleading "unknown question".
        if let id { earlierQuestions[id] = (node, input) }

        guard let id, let label, helpOK, let required, let input, showIfOK else { return nil }
        return Question(id: id, label: label, help: help, required: required, showIf: showIf, input: input)
    }

    private mutating func parseInput(_ type: QuestionType, _ mapping: YAMLMapping, at path: YAMLPath) -> Question.Input? {
        let specific = Set(Self.typeSpecificKeys.values.joined())
        let allowed = Set(Self.typeSpecificKeys[type] ?? [])
        for entry in mapping.entries where specific.contains(entry.key) && !allowed.contains(entry.key) {
            issues.add("'\(entry.key)' does not apply to a \(type.rawValue) question",
                       at: entry.keyNode, path: path.appending(entry.key))
        }
        switch type {
        case .scale:
            guard let node = mapping.required("scale", issues: &issues),
                  let name = issues.string(node, at: path.appending("scale"))
            else { return nil }
            guard scaleNamesWritten.contains(name) else {
                let known = scaleNamesWritten.sorted()
                let hint = known.isEmpty ? "the form defines no scales" : "defined scales: \(known.joined(separator: ", "))"
                issues.add("unknown scale '\(name)'; \(hint)", at: node, path: path.appending("scale"))
                return nil
            }
            return scales[name] == nil ? nil : .scale(name: name)
        case .singleChoice, .multipleChoice:
            guard let node = mapping.required("options", issues: &issues),
                  let options = parseChoices(node, at: path.appending("options"))
            else { return nil }
            return type == .singleChoice ? .singleChoice(options) : .multipleChoice(options)
        case .yesNo:
            return .yesNo
        case .text:
            var maxLength: Int? = Question.defaultMaxLength
            if let node = mapping["max_length"] {
                maxLength = issues.integer(node, at: path.appending("max_length"))
                if let value = maxLength, !(1...Question.maximumMaxLength).contains(value) {
                    issues.add("max_length must be between 1 and \(Question.maximumMaxLength), found \(value)",
                               at: node, path: path.appending("max_length"))
                    maxLength = nil
                }
            }
            var multiline: Bool? = false
            if let node = mapping["multiline"] { multiline = issues.bool(node, at: path.appending("multiline")) }
            guard let maxLength, let multiline else { return nil }
            return .text(maxLength: maxLength, multiline: multiline)
        case .number:
            let minNode = mapping["min"], maxNode = mapping["max"]
            let min = minNode.flatMap { issues.decimal($0, at: path.appending("min")) }
            let max = maxNode.flatMap { issues.decimal($0, at: path.appending("max")) }
            var integer: Bool? = false
            if let node = mapping["integer"] { integer = issues.bool(node, at: path.appending("integer")) }
            var valid = (minNode == nil || min != nil) && (maxNode == nil || max != nil) && integer != nil
            if let min, let max, min > max, let maxNode {
                issues.add("max (\(DecimalText.format(max))) is below min (\(DecimalText.format(min)))",
                           at: maxNode, path: path.appending("max"))
                valid = false
            }
            if integer == true {
                for (key, bound, boundNode) in [("min", min, minNode), ("max", max, maxNode)] {
                    if let bound, let boundNode, !DecimalText.isWhole(bound) {
                        issues.add("\(key) must be a whole number when 'integer: true'", at: boundNode, path: path.appending(key))
                        valid = false
                    }
                }
            }
            guard valid, let integer else { return nil }
            return .number(min: min, max: max, integer: integer)
        case .date:
            let minNode = mapping["min"], maxNode = mapping["max"]
            let min = minNode.flatMap { issues.date($0, at: path.appending("min")) }
            let max = maxNode.flatMap { issues.date($0, at: path.appending("max")) }
            var valid = (minNode == nil || min != nil) && (maxNode == nil || max != nil)
            if let min, let max, min > max, let maxNode {
                issues.add("max (\(max)) is before min (\(min))", at: maxNode, path: path.appending("max"))
                valid = false
            }
            guard valid else { return nil }
            return .date(min: min, max: max)
        }
    }

    private mutating func parseChoices(_ node: Node, at path: YAMLPath) -> [ChoiceOption]? {
        guard let items = issues.sequence(node, at: path) else { return nil }
        guard !items.isEmpty else {
            issues.add("a choice question needs at least one option", at: node, path: path)
            return nil
        }
        var seen: [String: Node] = [:]
        var options: [ChoiceOption] = []
        var valid = true
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index: index)
            guard let mapping = YAMLMapping(item, path: itemPath, issues: &issues) else {
                valid = false
                continue
            }
            mapping.rejectUnknownKeys(allowed: ["value", "label"], issues: &issues)
            let valueNode = mapping.required("value", issues: &issues)
            var value = valueNode.flatMap { issues.identifier($0, at: itemPath.appending("value"), pattern: .optionValue) }
            if let current = value, let valueNode {
                if let first = seen[current] {
                    issues.add("duplicate option value '\(current)'; already used at line \(first.mark?.line ?? 0)",
                               at: valueNode, path: itemPath.appending("value"))
                    value = nil
                } else {
                    seen[current] = valueNode
                }
            }
            let label = mapping.required("label", issues: &issues).flatMap { translatable($0, at: itemPath.appending("label"), role: .option) }
            if let value, let label {
                options.append(ChoiceOption(value: value, label: label))
            } else {
                valid = false
            }
        }
        return valid ? options : nil
    }
}
