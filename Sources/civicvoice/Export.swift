import ArgumentParser
import CivicCore
import CivicStore
import CivicWeb
import Foundation

/// `civicvoice export`: the responses of one form, as `GET /api/v1/responses/export` writes them,
/// streamed from PostgreSQL into a file with a progress bar on standard error.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the responses to a form as CSV (with a BOM, for Excel) or NDJSON, in constant memory.",
        discussion: """
            Example: civicvoice export --form sipas --period 2026-Q1 --unit LC.SVHTTDL --output sipas-2026-Q1.csv
            The period is 2026, 2026-H1, 2026-Q1 … 2026-Q4 (2026-Q3 = January–September), 2026-09, or --from/--to days.
            The export is recorded in the audit log.
            """
    )

    @Option(help: "The form's id, e.g. sipas.") var form: String
    @Option(help: "One version of the form; every version by default.") var version: Int?
    @Option(help: "A reporting period, e.g. 2026-Q1.") var period: String?
    @Option(help: "First day, YYYY-MM-DD (with --to, instead of --period).") var from: String?
    @Option(help: "Last day, YYYY-MM-DD, included.") var to: String?
    @Option(help: "calendar or cutoff (default: REPORTING_CONVENTION).") var convention: String?
    @Option(help: "A unit code: only its subtree; every response by default.") var unit: String?
    @Option(help: "csv or ndjson.") var format: String = "csv"
    @Option(help: "The language of the CSV header.") var lang: String = "vi"
    @Option(help: "The file to write (replaced if it exists).") var output: String

    func validate() throws {
        guard ResponseExportWriter.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be csv or ndjson")
        }
        guard (period != nil) != (from != nil || to != nil) else {
            throw ValidationError("give either --period or --from and --to")
        }
        if period == nil, from == nil || to == nil {
            throw ValidationError("--from and --to go together")
        }
        if let convention, ReportingPeriod.Convention(rawValue: convention) == nil {
            throw ValidationError("--convention must be calendar or cutoff")
        }
    }

    func run() async throws {
        let command = self
        try await CommandEnvironment.withDatabase { database, configuration, logger in
            let days = try command.days(defaultConvention: configuration.reportingConvention)
            let ui: UIStrings
            do {
                ui = try FormCatalog.load(directory: URL(fileURLWithPath: configuration.formsDirectory)).ui
            } catch {
                throw CommandMessage("cannot load \(configuration.formsDirectory): \(error)")
            }
            let definitions = try await FormStore(database: database).allVersions(logger: logger)
                .filter { $0.id == command.form && (command.version == nil || $0.version == command.version) }
            guard !definitions.isEmpty else {
                throw CommandMessage("no stored form '\(command.form)'\(command.version.map { " version \($0)" } ?? "") "
                                     + "(forms are stored when the server starts)")
            }
            let writer = ResponseExportWriter(definitions: definitions, format: ResponseExportWriter.Format(rawValue: command.format)!,
                                              language: command.lang, ui: ui)
            let analytics = AnalyticsStore(database: database)
            // The rows to expect, for the progress bar: the respondents the counts hold for the same
            // form, days and unit (exact; rows stored meanwhile may add a few).
            let custom = try ReportingPeriod(from: days.first, to: days.last)
            let expected: Int
            let rows: ResponseExport
            do {
                expected = try await analytics.satisfaction(period: custom, unitCode: command.unit, formID: command.form,
                                                            formVersion: command.version, logger: logger).respondents
                rows = try await analytics.exportRows(formID: command.form, version: command.version, from: days.first,
                                                      to: days.last, unitCode: command.unit, logger: logger)
            } catch let error as AnalyticsQueryError {
                throw CommandMessage(error.description)
            }
            let written = try await Self.write(rows, with: writer, to: command.output, expected: expected)
            try await AuditLog(database: database).append(
                "responses.export", objectType: "form", objectID: command.form,
                details: ["version": .string(command.version.map(String.init) ?? "all"), "from": .string(days.first.description),
                          "to": .string(days.last.description), "unit": .string(command.unit ?? ""),
                          "format": .string(command.format), "rows": .int(written), "completed": .string("true")],
                by: CommandEnvironment.actor, logger: logger)
            print("\(written) responses written to \(command.output)")
        }
    }

    /// The days to export, from --period (under --convention) or --from/--to.
    func days(defaultConvention: ReportingPeriod.Convention) throws -> (first: CalendarDate, last: CalendarDate) {
        let chosen = convention.flatMap(ReportingPeriod.Convention.init(rawValue:)) ?? defaultConvention
        do {
            if let period {
                return try ReportingPeriod(parsing: period).dateRange(convention: chosen)
            }
            guard let first = from.flatMap(CalendarDate.init), let last = to.flatMap(CalendarDate.init) else {
                throw CommandMessage("--from and --to must be YYYY-MM-DD dates")
            }
            return try ReportingPeriod(from: first, to: last).dateRange()
        } catch let error as ReportingPeriodError {
            throw CommandMessage(error.description)
        }
    }

    /// Writes the rows as they arrive, 64 KiB at a time, and draws the progress; on failure the
    /// partial file is removed.
    static func write(_ rows: ResponseExport, with writer: ResponseExportWriter, to path: String,
                      expected: Int) async throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let file = FileHandle(forWritingAtPath: path) else {
            throw CommandMessage("cannot write \(path)")
        }
        var progress = ExportProgress(total: expected)
        var buffer = Data(writer.prologue.utf8)
        var written = 0
        do {
            try await writer.format(rows) { lines, count in
                buffer.append(contentsOf: lines)
                written += count
                if buffer.count >= 64 * 1024 {
                    try file.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                progress.update(written)
            }
            try file.write(contentsOf: buffer)
            try file.close()
            progress.finish(written)
            return written
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}

/// The export's progress bar on standard error, `[########--------]  50%  1500/3000`, redrawn
/// when the percentage changes. (Demo's ``ProgressBar`` draws batches of a load, with rates.)
struct ExportProgress {
    let total: Int
    private var shown = -1

    init(total: Int) {
        self.total = total
    }

    /// Redraws when the shown percentage (or, without a total, the thousands) changes.
    mutating func update(_ done: Int) {
        let step = total > 0 ? min(100, done * 100 / total) : done / 1000
        guard step != shown else { return }
        shown = step
        draw(done)
    }

    func finish(_ done: Int) {
        draw(done)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(_ done: Int) {
        let line: String
        if total > 0 {
            let percent = min(100, done * 100 / total)
            let filled = percent * 30 / 100
            line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] "
                + String(format: "%3d%%  %d/%d", percent, done, total)
        } else {
            line = "\(done) rows"
        }
        FileHandle.standardError.write(Data(("\r" + line).utf8))
    }
}
