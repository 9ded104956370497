import Foundation
import Yams

extension FormParser {
    /// Parses a `show_if` and checks it against the questions asked before this one.
    mutating func parseShowIf(_ node: Node, at path: YAMLPath, questionID: String?) -> ShowIf? {
        guard let source = issues.nonEmptyString(node, at: path) else { return nil }
        let showIf: ShowIf
        do {
            showIf = try ShowIf(source)
        } catch {
            report(error.message, in: node, source: source, offset: error.offset, path: path)
            return nil
        }
        var valid = true
        for test in showIf.condition.tests {
            if let (message, offset) = problem(with: test, questionID: questionID) {
                report(message, in: node, source: source, offset: offset, path: path)
                valid = false
            }
        }
        return valid ? showIf : nil
    }

    /// Records `message` at the column of `offset` inside the expression when the expression
    /// sits on one line as written (plain or simply quoted); otherwise at the value's start, with
    /// the character position in the message.
    private mutating func report(_ message: String, in node: Node, source: String, offset: Int, path: YAMLPath) {
        guard case .scalar(let scalar) = node, let mark = node.mark else {
            issues.add(message, at: node, path: path)
            return
        }
        let quote = (scalar.style == .singleQuoted || scalar.style == .doubleQuoted) ? 1 : 0
        let start = mark.column - 1 + quote
        let expression = Array(source.unicodeScalars)
        if mark.line - 1 < sourceLines.count {
            let line = sourceLines[mark.line - 1]
            if start >= 0, start + expression.count <= line.count,
               Array(line[start..<(start + expression.count)]) == expression {
                issues.add(message, line: mark.line, column: start + 1 + offset, path: path)
                return
            }
        }
        issues.add("\(message) (at character \(offset + 1) of the expression)", at: node, path: path)
    }

    /// The first thing wrong with one test, and where; nil when it is fine.
    private func problem(with test: Condition.Test, questionID: String?) -> (String, Int)? {
        let name = test.question
        if name == questionID {
            return ("a question cannot depend on its own answer", test.questionOffset)
        }
        guard let earlier = earlierQuestions[name] else {
            if allQuestionIDs.contains(name) {
                return ("'\(name)' is asked later; show_if may only use questions asked before this one",
                        test.questionOffset)
            }
            var message = "unknown question '\(name)'"
            if let suggestion = YAMLMapping.nearestKey(to: name, among: earlierQuestions.keys.sorted()) {
                message += "; did you mean '\(suggestion)'?"
            }
            return (message, test.questionOffset)
        }
        // The earlier question has its own issue; checking against a guess would add noise.
        guard let input = earlier.input else { return nil }
        let type = input.type
        switch test.predicate {
        case .answered:
            return nil
        case .contains(let literal):
            guard case .multipleChoice(let options) = input else {
                return ("'contains' only applies to multiple_choice questions; '\(name)' is \(type.rawValue)",
                        test.questionOffset)
            }
            return optionProblem(literal, options: options, name: name, offset: test.literalOffsets.first ?? 0)
        case .compare(let op, let literal):
            if op.isOrdering, ![.scale, .number, .date].contains(type) {
                return ("'\(op.rawValue)' needs a scale, number or date question; '\(name)' is \(type.rawValue)",
                        test.questionOffset)
            }
            return literalProblem(literal, input: input, name: name, offset: test.literalOffsets.first ?? 0,
                                  questionOffset: test.questionOffset)
        case .isIn(let literals):
            for (index, literal) in literals.enumerated() {
                let offset = index < test.literalOffsets.count ? test.literalOffsets[index] : 0
                if let problem = literalProblem(literal, input: input, name: name, offset: offset,
                                                questionOffset: test.questionOffset) {
                    return problem
                }
            }
            return nil
        }
    }

    /// Whether `literal` can be compared with an answer to a question of this input.
    private func literalProblem(_ literal: Condition.Literal, input: Question.Input, name: String,
                                offset: Int, questionOffset: Int) -> (String, Int)? {
        switch input {
        case .scale(let scaleName):
            guard case .int(let value) = literal else {
                return ("'\(name)' is a scale question; compare it with a whole number", offset)
            }
            if let scale = scales[scaleName], !scale.contains(value) {
                let known = scale.values.map(String.init).joined(separator: ", ")
                return ("\(value) is not a value of scale '\(scaleName)' (\(known))", offset)
            }
            return nil
        case .singleChoice(let options):
            return optionProblem(literal, options: options, name: name, offset: offset)
        case .multipleChoice:
            return ("'\(name)' is a multiple_choice question; test it with 'contains'", questionOffset)
        case .yesNo:
            guard case .bool = literal else {
                return ("'\(name)' is a yes_no question; compare it with true or false", offset)
            }
            return nil
        case .text:
            guard case .string = literal else {
                return ("'\(name)' is a text question; compare it with quoted text", offset)
            }
            return nil
        case .number:
            guard literal.number != nil else {
                return ("'\(name)' is a number question; compare it with a number", offset)
            }
            return nil
        case .date:
            guard case .string(let text) = literal, CalendarDate(text) != nil else {
                return ("'\(name)' is a date question; compare it with a quoted date such as '2025-01-31'", offset)
            }
            return nil
        }
    }

    private func optionProblem(_ literal: Condition.Literal, options: [ChoiceOption], name: String,
                               offset: Int) -> (String, Int)? {
        switch literal {
        case .string, .int:
            guard options.contains(where: { $0.value == literal.text }) else {
                let known = options.map(\.value).joined(separator: ", ")
                return ("'\(literal.text)' is not an option of '\(name)' (\(known))", offset)
            }
            return nil
        case .decimal, .bool:
            return ("'\(name)' has options; compare it with an option value in quotes", offset)
        }
    }
}
