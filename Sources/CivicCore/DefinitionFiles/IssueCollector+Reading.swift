import Foundation
import Yams

// Typed readers for scalar values. YAML 1.1 guesses types from spelling (`no` is false, `1.0` is a
// float, `2024-01-01` a timestamp); form authors should not have to know that, so these readers
// interpret the scalar text themselves: any scalar is text, and only unquoted scalars with the
// exact spelling of a number or boolean count as one.
extension IssueCollector {
    /// Text (any scalar style), NFC-normalised. Null and non-scalars are reported.
    mutating func string(_ node: Node, at path: YAMLPath) -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            add("expected text, found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        return VietnameseText.nfc(scalar.string)
    }

    /// Text that is not empty once white space is trimmed.
    mutating func nonEmptyString(_ node: Node, at path: YAMLPath) -> String? {
        guard let text = string(node, at: path) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            add("must not be empty", at: node, path: path)
            return nil
        }
        return trimmed
    }

    /// An identifier matching `pattern` (described as `what` in the message).
    mutating func identifier(_ node: Node, at path: YAMLPath, pattern: IdentifierPattern) -> String? {
        guard let text = string(node, at: path) else { return nil }
        guard pattern.matches(text) else {
            add("'\(text)' is not a valid \(pattern.name): \(pattern.rule)", at: node, path: path)
            return nil
        }
        return text
    }

    /// An unquoted integer such as `5` or `-2`.
    mutating func integer(_ node: Node, at path: YAMLPath) -> Int? {
        guard let text = node.plainText, let value = Int(text) else {
            add("expected an integer, found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        return value
    }

    /// An unquoted decimal number such as `5`, `-2` or `0.25` (no exponent, no thousands separator).
    mutating func decimal(_ node: Node, at path: YAMLPath) -> Decimal? {
        guard let text = node.plainText, let value = DecimalText.parse(text) else {
            add("expected a number, found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        return value
    }

    /// An unquoted `true` or `false`.
    mutating func bool(_ node: Node, at path: YAMLPath) -> Bool? {
        switch node.plainText?.lowercased() {
        case "true": return true
        case "false": return false
        default:
            add("expected true or false, found \(node.kindDescription)", at: node, path: path)
            return nil
        }
    }

    /// One of an enumeration's raw values.
    mutating func enumeration<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, _ node: Node, at path: YAMLPath
    ) -> Value? where Value.RawValue == String {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            add("'\(text)' is not allowed here; expected one of: \(allowed)", at: node, path: path)
            return nil
        }
        return value
    }

    /// A `YYYY-MM-DD` date, quoted or not.
    mutating func date(_ node: Node, at path: YAMLPath) -> CalendarDate? {
        guard let text = string(node, at: path) else { return nil }
        guard let date = CalendarDate(text) else {
            add("'\(text)' is not a valid date; expected YYYY-MM-DD", at: node, path: path)
            return nil
        }
        return date
    }

    /// A list; anything else is reported.
    mutating func sequence(_ node: Node, at path: YAMLPath) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            add("expected a list, found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        return Array(sequence)
    }
}

/// The shapes identifiers must have, so that they are safe in URLs, HTML names and `show_if`.
struct IdentifierPattern: Sendable {
    let name: String
    let rule: String
    let matches: @Sendable (String) -> Bool

    /// Form ids become URL segments and file names: `sipas`, `dossier-rating`.
    static let formID = IdentifierPattern(
        name: "form id", rule: "lowercase letters and digits, words joined by '-'"
    ) { text in
        !text.isEmpty && text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        }
    }

    /// Question ids appear in `show_if` expressions and as HTML field names: `q1`, `overall`.
    static let questionID = IdentifierPattern(
        name: "question id", rule: "a lowercase letter, then lowercase letters, digits or '_'"
    ) { text in
        guard let first = text.first, first.isASCII, first.isLowercase else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }

    /// Section ids and scale names follow the same rule as question ids.
    static let sectionID = IdentifierPattern(name: "section id", rule: questionID.rule, matches: questionID.matches)
    static let scaleName = IdentifierPattern(name: "scale name", rule: questionID.rule, matches: questionID.matches)

    /// Option values are stored with answers and sent as HTML form values: `one_stop_desk`, `18-29`.
    static let optionValue = IdentifierPattern(
        name: "option value", rule: "lowercase letters, digits, '_' or '-'"
    ) { text in
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// Organisational unit codes, as the unit register spells them.
    static let unitCode = IdentifierPattern(
        name: "unit code", rule: "letters, digits, '.', '_' or '-'"
    ) { text in
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Language tags: `vi`, `en`, `hmn`, `zh-Hant`.
    static let languageTag = IdentifierPattern(
        name: "language tag", rule: "a BCP 47 tag such as vi, en, hmn or zh-Hant"
    ) { text in
        LanguageChain.isWellFormedTag(text)
    }
}

extension Node {
    /// `~`, `null` or an empty unquoted value.
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The text of an unquoted, non-null scalar: only these can be numbers or booleans.
    var plainText: String? {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any, !isNull else { return nil }
        return scalar.string
    }

    /// What the author wrote, in words, for "expected X, found Y" messages.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "nothing (null)" }
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            let shown = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return quoted ? "the quoted text \"\(shown)\"" : "'\(shown)'"
        }
    }
}
