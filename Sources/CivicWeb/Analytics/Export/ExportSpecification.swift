import CivicCore
import CivicStore

/// What an export is of, read the same way wherever it is asked for: the download's query
/// parameters (``ResponseExportController``), the staff page's form and the API's JSON body
/// (``ExportJobsAPIController``), and a stored job read back by the worker: `form`, `version`,
/// `period` or `from`/`to`, `convention`, `format` csv|ndjson, `lang`. The unit is the gate's
/// (`?unit=`).
struct ExportSpecification: Sendable {
    let query: MetricsQuery
    let formID: String
    /// One version, or nil for every version.
    let version: Int?
    /// The versions exported, for the columns.
    let definitions: [FormDefinition]

    var format: ResponseExportWriter.Format { query.format == .ndjson ? .ndjson : .csv }
    var outputFormat: OutputFormat { query.format == .ndjson ? .ndjson : .csv }
    var days: (first: CalendarDate, last: CalendarDate) { query.days }
    var language: String { query.language }

    /// - Throws: ``QueryParameterErrors`` naming each parameter at fault.
    init(parameters: [String: String], accept: String?, service: AnalyticsService) throws(QueryParameterErrors) {
        let options = MetricsQuery.Options(formats: [.csv, .ndjson], defaultFormat: .csv, acceptsForm: true,
                                           extraParameters: ["version"])
        query = try MetricsQuery(parameters: parameters, accept: accept, options: options,
                                 defaultConvention: service.defaultConvention, today: service.today)
        guard let formID = query.form, !formID.isEmpty else {
            throw QueryParameterErrors.single("form", "is required: the id of the form to export, such as sipas")
        }
        let all = service.versions(of: formID)
        guard !all.isEmpty else { throw QueryParameterErrors.single("form", "no form has the id '\(formID)'") }
        var version: Int?
        if let raw = parameters["version"], !raw.isEmpty {
            guard let number = Int(raw), all.contains(where: { $0.version == number }) else {
                throw QueryParameterErrors.single("version", "\(formID) has no version '\(raw)'; it has "
                                                  + all.map { String($0.version) }.joined(separator: ", "))
            }
            version = number
        }
        self.formID = formID
        self.version = version
        definitions = all.filter { version == nil || $0.version == version }
    }

    func writer(ui: UIStrings) -> ResponseExportWriter {
        ResponseExportWriter(definitions: definitions, format: format, language: language, ui: ui)
    }

    /// The audit log's details of the export (`responses.export`); a nil unit is the whole service.
    func auditDetails(unitCode: String?) -> [String: AuditLog.Value] {
        ["form": .string(formID), "version": .string(version.map(String.init) ?? "all"),
         "from": .string(days.first.description), "to": .string(days.last.description),
         "unit": .string(unitCode ?? "all"),
         "format": .string(format.rawValue)]
    }

    /// The parameters that ask for a stored job's export again (the worker reads a job through them).
    static func parameters(of job: ExportJob) -> [String: String] {
        var parameters = ["form": job.formID, "from": job.firstDay.description, "to": job.lastDay.description,
                          "format": job.format, "lang": job.language]
        parameters["version"] = job.formVersion.map(String.init)
        return parameters
    }

    /// `responses-sipas-v2-LC.STP-2026-01-01-2026-03-31.csv`
    func filename(unitCode: String?) -> String {
        AnalyticsResponse.filename(["responses", formID, version.map { "v\($0)" } ?? "", unitCode ?? "all", days.first.description,
                                    days.last.description], format: outputFormat)
    }
}
