extension UnitImport {
    /// Parses CSV with a header row naming its columns: `code`, `kind`, `effective_from` and
    /// `name_vi` are required; `parent`, `effective_to`, `successor` (codes separated by `;`),
    /// `succession` and `name_<language>` are optional. Empty cells count as absent.
    /// - Throws: ``FormValidationErrors`` with every problem, each at its line and column name.
    public static func parse(csv: String, file: String) throws(FormValidationErrors) -> UnitImport {
        var issues: [FormIssue] = []
        let records: [CSVRecords.Record]
        do {
            records = try CSVRecords.parse(csv)
        } catch {
            throw FormValidationErrors([FormIssue(file: file, line: error.line, column: 1, keyPath: "",
                                                  message: "a quoted field is never closed")])
        }
        guard let header = records.first else {
            throw FormValidationErrors([FormIssue(file: file, line: 1, column: 1, keyPath: "",
                                                  message: "empty file: expected a header row (code,parent,kind,…)")])
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known: Set<String> = ["code", "parent", "kind", "effective_from", "effective_to", "successor", "succession"]
        for (index, column) in columns.enumerated() {
            if known.contains(column) { continue }
            if column.hasPrefix("name_"), LanguageChain.canonicalTag(String(column.dropFirst(5))) == String(column.dropFirst(5)) { continue }
            issues.append(FormIssue(file: file, line: header.line, column: index + 1, keyPath: column,
                                    message: "unknown column '\(column)'; expected code, parent, kind, effective_from, effective_to, successor, succession or name_<language>"))
        }
        for required in ["code", "kind", "effective_from", "name_vi"] where !columns.contains(required) {
            issues.append(FormIssue(file: file, line: header.line, column: 1, keyPath: required,
                                    message: "missing required column '\(required)'"))
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }

        var drafts: [Unit] = []
        for (rowIndex, record) in records.dropFirst().enumerated() {
            let row = "row \(rowIndex + 1)"
            var rowIssues: [FormIssue] = []
            func cell(_ name: String) -> String? {
                guard let index = columns.firstIndex(of: name), index < record.fields.count else { return nil }
                let value = VietnameseText.nfc(record.fields[index]).trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            func problem(_ name: String, _ message: String) {
                let column = (columns.firstIndex(of: name) ?? 0) + 1
                rowIssues.append(FormIssue(file: file, line: record.line, column: column, keyPath: "\(row).\(name)", message: message))
            }
            if record.fields.count > columns.count {
                problem("code", "\(record.fields.count) cells, but the header names \(columns.count) columns")
            }
            func code(_ name: String, _ value: String?) -> String? {
                guard let value else { return nil }
                if isValidCode(value) { return value }
                problem(name, "'\(value)' is not a valid unit code: at most 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
                return nil
            }
            func date(_ name: String) -> CalendarDate? {
                guard let text = cell(name) else { return nil }
                if let date = CalendarDate(text) { return date }
                problem(name, "'\(text)' is not a valid date; expected YYYY-MM-DD")
                return nil
            }
            let unitCode = code("code", cell("code"))
            if cell("code") == nil { problem("code", "a code is required") }
            let parent = code("parent", cell("parent"))
            var kind: Kind?
            if let text = cell("kind") {
                kind = Kind(rawValue: text)
                if kind == nil { problem("kind", "'\(text)' is not allowed; expected one of: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))") }
            } else {
                problem("kind", "a kind is required")
            }
            let from = date("effective_from")
            if cell("effective_from") == nil { problem("effective_from", "a start date is required") }
            let to = date("effective_to")
            let successors = (cell("successor") ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.compactMap { code("successor", $0) }
            var succession: SuccessionKind?
            if let text = cell("succession") {
                succession = SuccessionKind(rawValue: text)
                if succession == nil { problem("succession", "'\(text)' is not allowed; expected merger, split or rename") }
            }
            var names: [String: String] = [:]
            for column in columns where column.hasPrefix("name_") {
                if let name = cell(column) { names[String(column.dropFirst(5))] = name }
            }
            if names["vi"] == nil { problem("name_vi", "a Vietnamese name is required") }
            issues += rowIssues
            guard rowIssues.isEmpty, let unitCode, let kind, let from else { continue }
            drafts.append(Unit(code: unitCode, parent: parent, kind: kind, names: names, effectiveFrom: from,
                               effectiveTo: to, successors: successors,
                               succession: succession ?? (successors.count > 1 ? .split : .merger),
                               position: Position(line: record.line, column: 1, keyPath: row)))
        }
        return try assemble(drafts, file: file, issues: issues)
    }
}
