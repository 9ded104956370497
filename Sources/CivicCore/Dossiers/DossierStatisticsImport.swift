import Foundation

/// Dossier statistics read from the one-stop system's export (CSV or XLSX): one row per unit and
/// day or month, and per procedure when the export gives one, with the counts of
/// ``DossierCounts``.
///
/// A file is taken whole or not at all: parsing lists every problem, each at its line (the CSV
/// line, or the row number Excel shows), its column and the column's name, and names the line a
/// row's arithmetic is wrong on.
///
/// Guarantees (when parsing succeeded): every row has a valid unit code, a period, and counts that
/// add up (``DossierCounts/problems``); no two rows of a unit count the same dossiers: rows of a
/// unit whose periods share a day must both name a procedure, and different ones (a row without a
/// procedure counts all of the unit's dossiers). Whether the units exist is checked against the
/// register by ``problems(against:)``.
public struct DossierStatisticsImport: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, Codable {
        case csv, xlsx
    }

    public struct Row: Sendable, Hashable {
        public let unitCode: String
        public let period: DossierPeriod
        /// The procedure's code or name as the export gives it; nil when the row counts every
        /// procedure of the unit.
        public let procedure: String?
        public let counts: DossierCounts
        /// The CSV line, or the sheet's row number.
        public let line: Int
    }

    /// The file as named in issues.
    public let file: String
    public let format: Format
    /// In file order.
    public let rows: [Row]

    /// The longest procedure text kept.
    public static let maximumProcedureLength = 200

    /// The columns, by their names in an import file, with the other names one-stop exports use
    /// for them (compared without case, marks or punctuation: `Trễ hạn` matches `tre_han`).
    static let columns: [(name: String, aliases: [String])] = [
        ("unit", ["unit_code", "don_vi", "ma_don_vi", "ma_co_quan"]),
        ("period", ["date", "day", "month", "ngay", "thang", "ky", "ky_bao_cao"]),
        ("procedure", ["procedure_code", "thu_tuc", "ma_thu_tuc", "ten_thu_tuc"]),
        ("received", ["tiep_nhan", "da_tiep_nhan", "so_ho_so_tiep_nhan"]),
        ("resolved", ["giai_quyet", "da_giai_quyet", "so_ho_so_da_giai_quyet"]),
        ("resolved_on_time", ["on_time", "dung_han", "giai_quyet_dung_han", "som_va_dung_han"]),
        ("resolved_late", ["late", "tre_han", "qua_han", "giai_quyet_tre_han", "giai_quyet_qua_han"]),
        ("apologies_sent", ["apologies", "xin_loi", "phieu_xin_loi", "so_phieu_xin_loi"]),
        ("online", ["truc_tuyen", "tiep_nhan_truc_tuyen"]),
        ("received_by_post", ["tiep_nhan_buu_chinh", "tiep_nhan_qua_buu_chinh", "tiep_nhan_qua_bcci"]),
        ("returned_by_post", ["tra_buu_chinh", "tra_ket_qua_qua_buu_chinh", "tra_qua_bcci", "tra_ket_qua_qua_bcci"]),
    ]
    static let optionalColumns: Set<String> = ["procedure"]

    /// Reads `data` as XLSX when it is a ZIP archive (every XLSX file is) or `path` ends in `.xlsx`,
    /// otherwise as CSV in UTF-8.
    /// - Throws: ``FormValidationErrors`` with every problem.
    public static func parse(data: Data, path: String) throws(FormValidationErrors) -> DossierStatisticsImport {
        if XLSXSheet.looksLikeWorkbook(data) || path.lowercased().hasSuffix(".xlsx") {
            let sheet: XLSXSheet
            do {
                sheet = try XLSXSheet(data: data)
            } catch {
                throw FormValidationErrors([FormIssue(file: path, line: 1, column: 1, keyPath: "", message: error.description)])
            }
            return try parse(table: sheet.rows.map { ($0.number, $0.cells) }, file: path, format: .xlsx)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormValidationErrors([FormIssue(file: path, line: 1, column: 1, keyPath: "",
                                                  message: "not UTF-8 text: save the CSV as UTF-8, or send the XLSX file")])
        }
        return try parse(csv: text, file: path)
    }

    /// Reads CSV (RFC 4180) with a header row.
    /// - Throws: ``FormValidationErrors`` with every problem.
    public static func parse(csv: String, file: String) throws(FormValidationErrors) -> DossierStatisticsImport {
        let records: [CSVRecords.Record]
        do {
            records = try CSVRecords.parse(csv)
        } catch {
            throw FormValidationErrors([FormIssue(file: file, line: error.line, column: 1, keyPath: "",
                                                  message: "a quoted field is never closed")])
        }
        return try parse(table: records.map { ($0.line, $0.fields) }, file: file, format: .csv)
    }

    /// Reads a table whose first row names the columns; `line` is what issues cite.
    static func parse(table: [(line: Int, cells: [String])], file: String,
                      format: Format) throws(FormValidationErrors) -> DossierStatisticsImport {
        guard let header = table.first else {
            throw FormValidationErrors([FormIssue(file: file, line: 1, column: 1, keyPath: "",
                                                  message: "empty file: expected a header row (unit,period,received,…)")])
        }
        var issues: [FormIssue] = []
        var positions: [String: Int] = [:]
        for (index, raw) in header.cells.enumerated() {
            let cell = raw.trimmingCharacters(in: .whitespaces)
            guard !cell.isEmpty else { continue }
            guard let name = canonicalColumn(cell) else {
                issues.append(FormIssue(file: file, line: header.line, column: index + 1, keyPath: cell,
                                        message: "unknown column '\(cell)'; expected "
                                            + columns.map(\.name).joined(separator: ", ")))
                continue
            }
            if let earlier = positions[name] {
                issues.append(FormIssue(file: file, line: header.line, column: index + 1, keyPath: name,
                                        message: "column \(name) appears twice (also column \(earlier + 1))"))
                continue
            }
            positions[name] = index
        }
        for (name, _) in columns where positions[name] == nil && !optionalColumns.contains(name) {
            issues.append(FormIssue(file: file, line: header.line, column: 1, keyPath: name,
                                    message: "missing required column '\(name)'"))
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }
        if table.count == 1 {
            throw FormValidationErrors([FormIssue(file: file, line: header.line, column: 1, keyPath: "",
                                                  message: "no rows under the header: nothing to import")])
        }

        var rows: [Row] = []
        for record in table.dropFirst() {
            var rowIssues: [FormIssue] = []
            func cell(_ name: String) -> String? {
                guard let index = positions[name], index < record.cells.count else { return nil }
                let value = VietnameseText.nfc(record.cells[index]).trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            func problem(_ name: String, _ message: String) {
                rowIssues.append(FormIssue(file: file, line: record.line, column: (positions[name] ?? 0) + 1,
                                           keyPath: name, message: message))
            }
            let known = Set(positions.values)
            if let stray = record.cells.indices.first(where: { !known.contains($0) && !record.cells[$0].trimmingCharacters(in: .whitespaces).isEmpty }) {
                rowIssues.append(FormIssue(file: file, line: record.line, column: stray + 1, keyPath: "",
                                           message: "a value in a column without a header"))
            }
            let unit = cell("unit")
            if let unit, !UnitImport.isValidCode(unit) {
                problem("unit", "'\(unit)' is not a unit code: at most 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            } else if unit == nil {
                problem("unit", "a unit code is required")
            }
            var period: DossierPeriod?
            if let text = cell("period") {
                period = DossierPeriod(parsing: text)
                if period == nil {
                    problem("period", "'\(text)' is not a day or a month; write 2026-03-15 or 15/03/2026 for a day, 2026-03 or 03/2026 for a month")
                }
            } else {
                problem("period", "a day or a month is required")
            }
            let procedure = cell("procedure")
            if let procedure, procedure.count > maximumProcedureLength
                || VietnameseText.containsDisallowedControlCharacters(procedure) {
                problem("procedure", "at most \(maximumProcedureLength) characters, without control characters")
            }
            var counts = DossierCounts()
            var countsRead = true
            for (name, keyPath) in DossierCounts.fields {
                guard let text = cell(name) else {
                    problem(name, "a count is required (write 0 for none)")
                    countsRead = false
                    continue
                }
                guard let value = wholeNumber(text) else {
                    problem(name, "'\(text)' is not a whole number of dossiers")
                    countsRead = false
                    continue
                }
                counts[keyPath: keyPath] = value
            }
            if countsRead {
                for (field, message) in counts.problems { problem(field, message) }
            }
            issues += rowIssues
            guard rowIssues.isEmpty, let unit, let period else { continue }
            rows.append(Row(unitCode: unit, period: period, procedure: procedure, counts: counts, line: record.line))
        }
        issues += overlaps(in: rows, file: file)
        guard issues.isEmpty else { throw FormValidationErrors(issues) }
        return DossierStatisticsImport(file: file, format: format, rows: rows)
    }

    /// A header cell's column name: compared without case, Vietnamese marks, spaces or punctuation.
    static func canonicalColumn(_ header: String) -> String? {
        let key = VietnameseText.searchKey(header).unicodeScalars
            .map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? String($0) : "_" }
            .joined()
            .split(separator: "_").joined(separator: "_")
        return columns.first { $0.name == key || $0.aliases.contains(key) }?.name
    }

    /// `12`, or `12.0` as a spreadsheet may store a whole number; at most 9 digits.
    static func wholeNumber(_ text: String) -> Int? {
        var digits = Substring(text)
        if let dot = digits.firstIndex(of: "."), digits[digits.index(after: dot)...].allSatisfy({ $0 == "0" }) {
            digits = digits[..<dot]
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// Rows of one unit that would count the same dossiers twice: periods sharing a day, unless both
    /// name different procedures. Each row is reported once, against the first row it overlaps.
    static func overlaps(in rows: [Row], file: String) -> [FormIssue] {
        // Day by day: rows are days or months, so this is at most 31 lookups a row.
        var allProcedures: [DayKey: Int] = [:]   // a row without a procedure covers the day
        var anyRow: [DayKey: Int] = [:]
        var sameProcedure: [ProcedureDayKey: Int] = [:]
        var issues: [FormIssue] = []
        for row in rows {
            var conflict: Int?
            var day = row.period.firstDay
            while day <= row.period.lastDay, conflict == nil {
                let key = DayKey(unit: row.unitCode, day: day)
                if let line = allProcedures[key] {
                    conflict = line
                } else if let procedure = row.procedure {
                    conflict = sameProcedure[ProcedureDayKey(day: key, procedure: procedure)]
                } else {
                    conflict = anyRow[key]
                }
                day = day.adding(days: 1)
            }
            if let conflict {
                let what = row.procedure.map { "procedure '\($0)'" } ?? "all procedures"
                issues.append(FormIssue(file: file, line: row.line, column: 1, keyPath: "period",
                                        message: "unit \(row.unitCode), \(row.period), \(what): overlaps line \(conflict), "
                                            + "so dossiers would be counted twice (a row without a procedure counts all of them)"))
                continue
            }
            day = row.period.firstDay
            while day <= row.period.lastDay {
                let key = DayKey(unit: row.unitCode, day: day)
                anyRow[key] = anyRow[key] ?? row.line
                if let procedure = row.procedure {
                    sameProcedure[ProcedureDayKey(day: key, procedure: procedure)] = row.line
                } else {
                    allProcedures[key] = row.line
                }
                day = day.adding(days: 1)
            }
        }
        return issues
    }

    private struct DayKey: Hashable {
        let unit: String
        let day: CalendarDate
    }

    private struct ProcedureDayKey: Hashable {
        let day: DayKey
        let procedure: String
    }

    /// The checks that need the register: every unit exists, and exists during its row's period.
    public func problems(against units: [UnitImport.ExistingUnit]) -> [FormIssue] {
        let byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var issues: [FormIssue] = []
        for row in rows {
            guard let unit = byCode[row.unitCode] else {
                issues.append(FormIssue(file: file, line: row.line, column: 1, keyPath: "unit",
                                        message: "no unit has the code '\(row.unitCode)' in the unit register"))
                continue
            }
            let existsBefore = unit.effectiveTo.map { row.period.firstDay < $0 } ?? true
            if !(unit.effectiveFrom <= row.period.lastDay && existsBefore) {
                let until = unit.effectiveTo.map { "until \($0.adding(days: -1))" } ?? "on"
                issues.append(FormIssue(file: file, line: row.line, column: 1, keyPath: "unit",
                                        message: "unit \(row.unitCode) exists from \(unit.effectiveFrom) \(until), "
                                            + "not during \(row.period)"))
            }
        }
        return issues
    }

    /// For each unit, the days from its first row's first day to its last row's last day: what an
    /// import replaces (stored rows of that unit sharing a day with the span).
    public var spans: [String: ClosedRange<CalendarDate>] {
        var spans: [String: ClosedRange<CalendarDate>] = [:]
        for row in rows {
            let span = spans[row.unitCode]
            spans[row.unitCode] = min(span?.lowerBound ?? row.period.firstDay, row.period.firstDay)
                ... max(span?.upperBound ?? row.period.lastDay, row.period.lastDay)
        }
        return spans
    }

    /// The counts of every row added up.
    public var total: DossierCounts {
        rows.reduce(DossierCounts()) { $0 + $1.counts }
    }
}
