import Foundation

/// A parsed `show_if` expression: when a question is shown, decided from earlier answers.
///
/// The language is deliberately tiny (see Forms/README.md): tests on one question's answer
/// (`q3 == 5`, `q3 in [1, 2]`, `q5 contains 'other'`, `answered(q7)`) combined with `not`, `and`,
/// `or` (in that order of precedence) and parentheses. It is parsed by ``parse(_:)``, a
/// recursive-descent parser; nothing is ever evaluated as code.
public indirect enum Condition: Sendable, Hashable, CustomStringConvertible {
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
    case test(Test)

    /// A comparison operator.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="

        /// `==` and `!=` test equality; the others need an ordered type (scale, number, date).
        public var isOrdering: Bool { self != .equal && self != .notEqual }
    }

    /// A constant in an expression.
    public enum Literal: Sendable, Hashable, CustomStringConvertible {
        case int(Int)
        case decimal(Decimal)
        case string(String)
        case bool(Bool)

        /// The literal as text, for matching option values: `5` → "5", `'other'` → "other".
        public var text: String {
            switch self {
            case .int(let value): String(value)
            case .decimal(let value): DecimalText.format(value)
            case .string(let value): value
            case .bool(let value): value ? "true" : "false"
            }
        }

        /// The numeric value of a number literal.
        public var number: Decimal? {
            switch self {
            case .int(let value): Decimal(value)
            case .decimal(let value): value
            default: nil
            }
        }

        public var description: String {
            switch self {
            case .string(let value):
                "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
            default: text
            }
        }
    }

    /// What a test checks about one answer.
    public enum Predicate: Sendable, Hashable {
        /// `answered(q)`: the question has an answer.
        case answered
        /// `q op literal`: false when `q` is unanswered, whatever the operator.
        case compare(Operator, Literal)
        /// `q in [a, b]`: the answer equals one of the literals.
        case isIn([Literal])
        /// `q contains 'x'`: a multiple-choice answer includes `x`.
        case contains(Literal)
    }

    /// A test on one question's answer, with where its parts were in the source (0-based offsets
    /// in Unicode scalars), so that a type error can point at the exact spot.
    public struct Test: Sendable, Hashable {
        public let question: String
        public let predicate: Predicate
        public let questionOffset: Int
        /// One offset per literal of the predicate, in order.
        public let literalOffsets: [Int]

        public init(question: String, predicate: Predicate, questionOffset: Int = 0, literalOffsets: [Int] = []) {
            self.question = question
            self.predicate = predicate
            self.questionOffset = questionOffset
            self.literalOffsets = literalOffsets
        }
    }

    /// Words with a meaning in expressions; they cannot be question ids.
    public static let reservedWords: Set<String> = ["and", "or", "not", "in", "contains", "answered", "true", "false"]

    /// Every test, left to right.
    public var tests: [Test] {
        switch self {
        case .and(let lhs, let rhs), .or(let lhs, let rhs): lhs.tests + rhs.tests
        case .not(let inner): inner.tests
        case .test(let test): [test]
        }
    }

    /// Fully parenthesised, so the structure the parser found is visible:
    /// `a == 1 or b == 2 and not c` prints as `(a == 1 or (b == 2 and (not answered(c))))`.
    public var description: String {
        switch self {
        case .and(let lhs, let rhs): "(\(lhs) and \(rhs))"
        case .or(let lhs, let rhs): "(\(lhs) or \(rhs))"
        case .not(let inner): "(not \(inner))"
        case .test(let test):
            switch test.predicate {
            case .answered: "answered(\(test.question))"
            case .compare(let op, let literal): "\(test.question) \(op.rawValue) \(literal)"
            case .isIn(let literals): "\(test.question) in [\(literals.map(\.description).joined(separator: ", "))]"
            case .contains(let literal): "\(test.question) contains \(literal)"
            }
        }
    }
}
