import Foundation

extension Condition {
    /// Whether the condition holds for `answers` (question id → answer).
    ///
    /// Guarantees: pure and total. A comparison, `in` or `contains` on an unanswered question is
    /// false, whatever the operator; so `q != 'x'` means "answered, and not x", and
    /// `not q == 'x'` is the way to include "unanswered". Values of types that cannot be compared
    /// (which a loaded form never contains) make a test false.
    public func evaluate(_ answers: [String: AnswerValue]) -> Bool {
        switch self {
        case .and(let lhs, let rhs): lhs.evaluate(answers) && rhs.evaluate(answers)
        case .or(let lhs, let rhs): lhs.evaluate(answers) || rhs.evaluate(answers)
        case .not(let inner): !inner.evaluate(answers)
        case .test(let test): test.evaluate(answers[test.question])
        }
    }
}

extension Condition.Test {
    func evaluate(_ answer: AnswerValue?) -> Bool {
        guard let answer, !answer.isEmpty else { return false }
        switch predicate {
        case .answered:
            return true
        case .compare(.equal, let literal):
            return Self.equals(answer, literal) ?? false
        case .compare(.notEqual, let literal):
            return Self.equals(answer, literal).map(!) ?? false
        case .compare(let op, let literal):
            guard let order = Self.compare(answer, literal) else { return false }
            switch op {
            case .less: return order == .orderedAscending
            case .lessOrEqual: return order != .orderedDescending
            case .greater: return order == .orderedDescending
            case .greaterOrEqual: return order != .orderedAscending
            case .equal, .notEqual: return false
            }
        case .isIn(let literals):
            return literals.contains { Self.equals(answer, $0) == true }
        case .contains(let literal):
            switch answer {
            case .strings(let values): return values.contains(literal.text)
            case .string(let value): return value == literal.text
            default: return false
            }
        }
    }

    /// Equality between an answer and a literal; nil when they cannot be compared.
    static func equals(_ answer: AnswerValue, _ literal: Condition.Literal) -> Bool? {
        switch (answer, literal) {
        case (.int, _), (.decimal, _):
            guard let left = answer.number, let right = literal.number else { return nil }
            return left == right
        case (.string(let value), .string), (.string(let value), .int), (.string(let value), .decimal):
            // Choice values are text; `q == 1` matches the option written `value: 1`.
            return value == literal.text
        case (.bool(let value), .bool(let expected)):
            return value == expected
        case (.date(let value), .string(let text)):
            return CalendarDate(text).map { $0 == value }
        default:
            return nil
        }
    }

    /// Ordering between an answer and a literal; nil when they have no common order.
    static func compare(_ answer: AnswerValue, _ literal: Condition.Literal) -> ComparisonResult? {
        if let left = answer.number, let right = literal.number {
            return left < right ? .orderedAscending : (left > right ? .orderedDescending : .orderedSame)
        }
        if case .date(let left) = answer, case .string(let text) = literal, let right = CalendarDate(text) {
            return left < right ? .orderedAscending : (left > right ? .orderedDescending : .orderedSame)
        }
        return nil
    }
}
