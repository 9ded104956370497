import Foundation

/// Writes CSV for spreadsheet users: RFC 4180 fields, CRLF line endings, an optional UTF-8
/// byte-order mark, and a guard against formula injection.
///
/// - Quoting (RFC 4180 §2): a field containing a comma, a double quote, CR or LF is enclosed in
///   double quotes, with each `"` inside doubled; other fields are written as they are. Every
///   record, the last included, ends with CRLF.
/// - Byte-order mark: Excel reads a CSV file without one in the local ANSI code page, which
///   garbles Vietnamese letters; with `U+FEFF` first it reads UTF-8. On by default, since the
///   exports are opened in spreadsheets. (`CSVRecords` in this module skips it on reading.)
/// - Formula guard (OWASP "CSV Injection"): a spreadsheet runs a cell starting with `=`, `+`, `-`
///   or `@` as a formula, and a leading tab or CR can hide one; citizens type the text that ends up
///   in exports. A field starting with one of those six characters gets a leading apostrophe
///   (`'=1+1`), which spreadsheets show as text and hide. Exception: a field that is exactly a
///   plain decimal number, `-?digits(.digits)?` (`-5`, `-0.25`), is left alone, since it cannot
///   be a formula and exports carry negative changes; `+84…` is guarded, which also keeps a phone
///   number's `+`. The guard changes the cell's text; pass `guardsFormulas: false` for a file read
///   by programs only.
///
/// Guarantees: `CSVRecords` (and any RFC 4180 reader) reads back each appended row as its
/// fields, except that guarded fields carry the leading apostrophe.
public struct CSVWriter: Sendable {
    /// Whether ``text`` starts with U+FEFF.
    public let byteOrderMark: Bool
    /// Whether fields are guarded against formula injection.
    public let guardsFormulas: Bool
    /// How many records have been appended.
    public private(set) var recordCount = 0
    private var body = ""

    public init(byteOrderMark: Bool = true, guardsFormulas: Bool = true) {
        self.byteOrderMark = byteOrderMark
        self.guardsFormulas = guardsFormulas
    }

    /// Appends one record. Records may have different numbers of fields; keeping them equal is
    /// the caller's business.
    public mutating func append(_ fields: [String]) {
        body += Self.record(fields, guardingFormulas: guardsFormulas)
        recordCount += 1
    }

    /// The whole file as text: the byte-order mark (if chosen) and every record.
    public var text: String {
        (byteOrderMark ? "\u{FEFF}" : "") + body
    }

    /// The whole file as UTF-8 bytes (the mark, if chosen, is EF BB BF).
    public var data: Data {
        Data(text.utf8)
    }

    /// One record: the fields, escaped, joined by commas, ending in CRLF.
    public static func record(_ fields: [String], guardingFormulas: Bool = true) -> String {
        var line = ""
        for (index, value) in fields.enumerated() {
            if index > 0 { line += "," }
            appendField(value, to: &line, guardingFormulas: guardingFormulas)
        }
        return line + "\r\n"
    }

    /// Appends one field to a record being built, as ``field(_:guardingFormulas:)`` writes it.
    /// Exports write millions of fields: most need neither guard nor quotes, which one pass over
    /// the UTF-8 bytes tells, and they are appended as they are.
    public static func appendField(_ value: String, to line: inout String, guardingFormulas: Bool = true) {
        let plain = value.utf8.allSatisfy { byte in
            byte != UInt8(ascii: ",") && byte != UInt8(ascii: "\"") && byte != 0x0D && byte != 0x0A
        }
        if plain, !(guardingFormulas && needsFormulaGuard(value)) {
            line += value
        } else {
            line += field(value, guardingFormulas: guardingFormulas)
        }
    }

    /// One field: guarded (see the type's documentation), then quoted if it needs to be.
    public static func field(_ value: String, guardingFormulas: Bool = true) -> String {
        let guarded = guardingFormulas && needsFormulaGuard(value) ? "'" + value : value
        // Unicode scalars, not Characters: "\r\n" is one Character and would hide both.
        let needsQuotes = guarded.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return guarded }
        return "\"" + guarded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether `value` starts with `=`, `+`, `-`, `@`, tab or CR and is not a plain decimal number
    /// (the rule is read on the UTF-8 bytes, in CSVWriter+Bytes.swift, for both writers).
    public static func needsFormulaGuard(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { needsFormulaGuard(bytes: $0) }
    }
}
