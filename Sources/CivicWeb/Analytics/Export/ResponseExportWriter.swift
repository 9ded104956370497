import CivicCore
import CivicStore
import Foundation

/// Turns exported responses into CSV or NDJSON text, one row at a time, so an export of any size
/// is written as it streams from PostgreSQL (`GET /api/v1/responses/export`, `civicvoice export`).
///
/// CSV: a UTF-8 byte-order mark (Excel then reads Vietnamese correctly), then a header with one
/// column per question, labelled in the chosen language with the question id (`Câu hỏi … [q1]`),
/// then the metadata columns (response id, submission time in Vietnam's time zone, form version,
/// unit code, language, channel, dossier code); RFC 4180 quoting and CRLF, and the formula guard of
/// ``CSVWriter`` (citizens type the text that ends up here). Cells: numbers as written, choices by
/// their stored value, several choices joined with `; `, yes/no in the chosen language, dates
/// `YYYY-MM-DD`; an unanswered question is an empty cell.
///
/// NDJSON: one object per line, `{"id", "submittedAt", "form", "formVersion", "unit", "language",
/// "channel", "dossierCode", "answers"}`, `answers` exactly as stored.
///
/// Guarantees: every row has the header's number of cells; an answer to a question that no
/// version lists (impossible for validated responses) is left out of CSV, never shifted.
public struct ResponseExportWriter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, ndjson
    }

    public let format: Format
    public let formID: String
    /// The questions, one CSV column each, in the order of the newest version, then questions only
    /// older versions asked.
    public let questions: [Question]
    /// What a row needs of each question: copying whole ``Question`` values per cell was 7% of an export.
    let columns: [(id: String, type: QuestionType)]
    /// The question ids' UTF-8 bytes, one after another, and where each lies, in the order
    /// PostgreSQL prints a jsonb object's keys (shorter first, then bytewise) with its column:
    /// the CSV rows find each stored key's column by walking this list alongside the text.
    let keyBytes: [UInt8]
    let keysInJSONBOrder: [(bytes: Range<Int>, column: Int)]
    private let header: [String]
    let yes: String
    let no: String

    /// - Parameters:
    ///   - definitions: the versions of the form to take columns from: the one version exported,
    ///     or every stored version when the export spans them.
    ///   - language: the language of the header and of yes/no (falling back to Vietnamese).
    ///   - ui: the interface strings, for the metadata headers and yes/no.
    /// - Precondition: `definitions` is not empty and all belong to one form.
    public init(definitions: [FormDefinition], format: Format, language: String, ui: UIStrings) {
        precondition(!definitions.isEmpty, "an export needs the form's definition")
        let ordered = definitions.sorted { $0.version > $1.version }
        formID = ordered[0].id
        self.format = format
        var seen = Set<String>()
        var questions: [Question] = []
        for definition in ordered {
            for question in definition.questions where seen.insert(question.id).inserted {
                questions.append(question)
            }
        }
        self.questions = questions
        columns = questions.map { ($0.id, $0.type) }
        var keyBytes: [UInt8] = []
        var keys: [(bytes: Range<Int>, column: Int)] = []
        for (column, question) in questions.enumerated() {
            let start = keyBytes.count
            keyBytes.append(contentsOf: question.id.utf8)
            keys.append((start..<keyBytes.count, column))
        }
        self.keyBytes = keyBytes
        keysInJSONBOrder = keys.sorted { Self.precedesInJSONB(keyBytes[$0.bytes], keyBytes[$1.bytes]) }
        let chain = LanguageChain(requested: language)
        header = questions.map { "\($0.label.resolved(for: chain).text) [\($0.id)]" }
            + AnalyticsText.exportColumns.map { ui.text("analytics.export.\($0)", for: chain).text }
        yes = ui.text("answer.yes", for: chain).text
        no = ui.text("answer.no", for: chain).text
    }

    /// What comes before the first row: the BOM and the header for CSV, nothing for NDJSON.
    public var prologue: String {
        switch format {
        case .csv: "\u{FEFF}" + CSVWriter.record(header)
        case .ndjson: ""
        }
    }

    /// jsonb's order of an object's keys: the shorter first, then by their bytes.
    static func precedesInJSONB<Left: Collection<UInt8>, Right: Collection<UInt8>>(_ left: Left, _ right: Right) -> Bool {
        left.count != right.count ? left.count < right.count : left.lexicographicallyPrecedes(right)
    }

    func ndjsonLine(_ row: ResponseExportRow) -> String {
        let fields: [(String, String?)] = [
            ("id", row.id.uuidString.lowercased()), ("submittedAt", Self.vietnamTime(row.submittedAt)), ("form", formID),
        ]
        var line = "{" + fields.map { "\(Self.json($0.0)):\(Self.json($0.1))" }.joined(separator: ",")
        line += ",\"formVersion\":\(row.formVersion)"
        for (name, value) in [("unit", row.unitCode), ("language", row.language), ("channel", row.channel),
                              ("dossierCode", row.dossierCode)] {
            line += ",\(Self.json(name)):\(Self.json(value))"
        }
        // The stored jsonb as PostgreSQL renders it: already valid JSON.
        return line + ",\"answers\":" + row.answersJSON + "}\n"
    }

    /// A JSON string literal (or `null`), escaped as RFC 8259 requires.
    static func json(_ text: String?) -> String {
        guard let text else { return "null" }
        // Most values need no escape: copy them. (0xE2 leads U+2028 and U+2029, among others.)
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private static let epoch = CalendarDate(year: 1970, month: 1, day: 1)!

    /// `2026-03-01T09:15:00+07:00`: the instant in Vietnam's time zone (UTC+7 all year, no
    /// daylight saving), whole seconds, computed without a formatter so that it costs nothing per row.
    static func vietnamTime(_ date: Date) -> String {
        var bytes: [UInt8] = []
        appendVietnamTime(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``vietnamTime(_:)`` appended as UTF-8.
    static func appendVietnamTime(_ date: Date, to line: inout [UInt8]) {
        let seconds = Int((date.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let day = Self.epoch.adding(days: days)
        func padded(_ value: Int, _ width: Int) {
            let digits = String(value).utf8   // a small string: no allocation
            for _ in digits.count..<max(width, digits.count) { line.append(UInt8(ascii: "0")) }
            line.append(contentsOf: digits)
        }
        padded(day.year, 4)
        line.append(UInt8(ascii: "-"))
        padded(day.month, 2)
        line.append(UInt8(ascii: "-"))
        padded(day.day, 2)
        line.append(UInt8(ascii: "T"))
        padded(time / 3600, 2)
        line.append(UInt8(ascii: ":"))
        padded(time / 60 % 60, 2)
        line.append(UInt8(ascii: ":"))
        padded(time % 60, 2)
        line.append(contentsOf: "+07:00".utf8)
    }
}
