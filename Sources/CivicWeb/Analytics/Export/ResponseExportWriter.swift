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
    private let columns: [(id: String, type: QuestionType)]
    private let header: [String]
    private let yes: String
    private let no: String

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

    /// One row, with its line ending.
    public func line(_ row: ResponseExportRow) -> String {
        switch format {
        case .csv: csvLine(row)
        case .ndjson: ndjsonLine(row)
        }
    }

    private func csvLine(_ row: ResponseExportRow) -> String {
        // One string appended to, no array of cells: this runs a million times per export.
        var line = ""
        line.reserveCapacity(row.answersJSON.utf8.count + 128)
        var first = true
        func append(_ value: String) {
            if !first { line += "," }
            first = false
            CSVWriter.appendField(value, to: &line)
        }
        // The fast reader takes the usual answers object; free text with a quote or a line break
        // (an escape in the JSON) goes through JSONSerialization, as does anything unusual.
        if let answers = FlatJSONObject.parse(row.answersJSON) {
            for column in columns { append(answers[column.id].map { cell($0, type: column.type) } ?? "") }
        } else {
            let answers = (try? JSONSerialization.jsonObject(with: Data(row.answersJSON.utf8))) as? [String: Any] ?? [:]
            for column in columns { append(answers[column.id].map { cell($0, type: column.type) } ?? "") }
        }
        for value in [row.id.uuidString.lowercased(), Self.vietnamTime(row.submittedAt), String(row.formVersion),
                      row.unitCode ?? "", row.language, row.channel, row.dossierCode ?? ""] {
            append(value)
        }
        return line + "\r\n"
    }

    /// One stored answer as a cell.
    private func cell(_ value: FlatJSONObject.Value, type: QuestionType) -> String {
        switch value {
        case .number(let literal): literal
        case .string(let text): text
        case .bool(let flag): type == .yesNo ? (flag ? yes : no) : (flag ? "true" : "false")
        case .null: ""
        case .list(let items): items.joined(separator: "; ")
        }
    }

    /// One stored answer, as JSONSerialization reads it, as a cell (the same cells as above).
    private func cell(_ value: Any, type: QuestionType) -> String {
        if type == .yesNo, let flag = (value as? Bool) ?? (value as? NSNumber)?.boolValue {
            return flag ? yes : no
        }
        switch value {
        case let text as String: return text
        case let list as [Any]: return list.map { ($0 as? String) ?? "\($0)" }.joined(separator: "; ")
        case let number as NSNumber: return number.description
        default: return ""
        }
    }

    private func ndjsonLine(_ row: ResponseExportRow) -> String {
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
        let seconds = Int((date.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return Self.epoch.adding(days: days).description
            + "T" + two(time / 3600) + ":" + two(time / 60 % 60) + ":" + two(time % 60) + "+07:00"
    }
}
