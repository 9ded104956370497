import Foundation

/// Cells of the analytics CSV files, written for programs as much as for spreadsheets: rates as
/// fractions with a `.` decimal point (`0.8492`, as in the JSON), counts as plain digits, booleans
/// as `true`/`false`, and an empty cell for a missing value.
enum CSVCell {
    static func rate(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.4f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    /// A number with up to `digits` decimals, trailing zeros kept (a column reads evenly).
    static func decimal(_ value: Double?, digits: Int = 2) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    static func int(_ value: Int?) -> String { value.map(String.init) ?? "" }

    static func bool(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "" }
}
