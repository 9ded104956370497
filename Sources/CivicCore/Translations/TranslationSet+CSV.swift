/// CSV for a spreadsheet: one row per string, columns `id`, the source (`vi`), the English for
/// reference (`en (reference)`), the translation (headed by its language tag, e.g. `hmn`),
/// `status` (missing, draft, reviewed, stale), `reviewer` and `note`. Ids carry the form:
/// `pakn:title`, `ui:form.submit`. Written with ``CSVWriter`` (byte-order mark, CRLF, formula
/// guard) and read back with ``CSVRecords``, which keeps the line each row starts on.
extension TranslationSet {
    static let referenceHeader = "\(referenceLanguage) (reference)"

    public func csv() -> String {
        var writer = CSVWriter()
        writer.append(["id", baseLanguage, Self.referenceHeader, language, "status", "reviewer", "note"])
        for unit in units {
            writer.append(["\(target):\(unit.id)", unit.source, unit.reference ?? "", unit.translation ?? "",
                           unit.status.rawValue, unit.status == .reviewed ? unit.reviewer ?? "" : "", unit.note])
        }
        return writer.text
    }
}

extension SubmittedTranslations {
    /// Reads a CSV file written by ``TranslationSet/csv()``, also after a spreadsheet saved it
    /// again (columns found by their headings, rows in any order, a formula guard's apostrophe
    /// dropped).
    /// - Throws: ``FormValidationErrors`` naming `file` and the line of each problem.
    public static func readCSV(_ text: String, file: String) throws(FormValidationErrors) -> SubmittedTranslations {
        func issue(_ line: Int, _ id: String, _ message: String) -> FormIssue {
            FormIssue(file: file, line: line, column: 1, keyPath: id, message: message)
        }
        let records: [CSVRecords.Record]
        do {
            records = try CSVRecords.parse(text)
        } catch {
            throw FormValidationErrors([issue(error.line, "", "a quoted field is never closed")])
        }
        guard let header = records.first else {
            throw FormValidationErrors([issue(1, "", "the file is empty")])
        }
        let headings = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) -> Int? { headings.firstIndex(of: name) }
        let base = LanguageChain.baseLanguage
        let languageColumns = headings.indices.filter { index in
            let heading = headings[index]
            return heading != base && heading != TranslationSet.referenceHeader && LanguageChain.isWellFormedTag(heading)
                && !["id", "status", "reviewer", "note"].contains(heading)
        }
        guard let idColumn = column("id"), let statusColumn = column("status"), languageColumns.count == 1,
              let languageColumn = languageColumns.first else {
            throw FormValidationErrors([issue(header.line, "", "expected the headings id, \(base), "
                + "\(TranslationSet.referenceHeader), <language tag>, status, reviewer, note (as exported)")])
        }
        let sourceColumn = column(base)
        let reviewerColumn = column("reviewer")
        var issues: [FormIssue] = []
        var target: String?
        var units: [Unit] = []
        for record in records.dropFirst() {
            func field(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                return unguarded(record.fields[index])
            }
            let qualified = field(idColumn) ?? ""
            guard let colon = qualified.firstIndex(of: ":") else {
                issues.append(issue(record.line, qualified, "the id must name its form: <form>:<string id>, as exported"))
                continue
            }
            let rowTarget = String(qualified[..<colon]), id = String(qualified[qualified.index(after: colon)...])
            if let target, target != rowTarget {
                issues.append(issue(record.line, qualified, "rows of two forms ('\(target)', '\(rowTarget)'); import one form per file"))
                continue
            }
            target = rowTarget
            var state: State?
            switch field(statusColumn)?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
            case "", "missing", "stale": state = .untouched
            case "draft": state = .draft
            case "reviewed": state = .reviewed
            case let other:
                issues.append(issue(record.line, id, "unknown status '\(other)'; expected missing, draft, reviewed or stale"))
            }
            let reviewer = field(reviewerColumn)?.trimmingCharacters(in: .whitespaces)
            units.append(Unit(id: id, source: field(sourceColumn), text: field(languageColumn), state: state,
                              reviewer: reviewer?.isEmpty == false ? reviewer : nil, line: record.line))
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }
        return SubmittedTranslations(target: target ?? "", language: headings[languageColumn], sourceLanguage: base,
                                     units: units, headerLine: header.line)
    }

    /// A field without the apostrophe ``CSVWriter`` puts before a would-be formula.
    private static func unguarded(_ field: String) -> String {
        guard field.hasPrefix("'"), CSVWriter.needsFormulaGuard(String(field.dropFirst())) else { return field }
        return String(field.dropFirst())
    }
}
