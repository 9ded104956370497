import Foundation

/// Strict parsing of decimal numbers typed by people or written in form files.
///
/// `Decimal(string:)` alone accepts leading garbage ("12abc" → 12) and exponents; a survey answer
/// must be exactly a number or be rejected with a clear message, so the grammar is checked first.
public enum DecimalText {
    /// Parses `[+-]digits[.digits]`. With `allowDecimalComma`, a single `,` may stand for the
    /// decimal point (Vietnamese writes 3,5 for three and a half) when no `.` is present.
    ///
    /// Guarantees: returns nil for anything else, including thousands separators, exponents,
    /// white space inside the number and empty input.
    public static func parse(_ text: String, allowDecimalComma: Bool = false) -> Decimal? {
        var body = Substring(text)
        if allowDecimalComma, !body.contains("."), body.filter({ $0 == "," }).count == 1 {
            body = Substring(body.replacingOccurrences(of: ",", with: "."))
        }
        var rest = body
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        // Decimal(string:) is locale-independent with the default nil locale: '.' is the separator.
        return Decimal(string: String(body.hasPrefix("+") ? body.dropFirst() : body))
    }

    /// The shortest plain decimal spelling of `value` (`5`, `2.5`, `-0.25`), never an exponent.
    public static func format(_ value: Decimal) -> String {
        var copy = value
        return NSDecimalString(&copy, nil)
    }
}

extension DecimalText {
    /// Whether `value` has no fractional part.
    public static func isWhole(_ value: Decimal) -> Bool {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 0, .plain)
        return rounded == value
    }
}
