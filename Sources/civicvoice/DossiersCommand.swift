import ArgumentParser
import CivicCore
import CivicStore
import Foundation

/// `civicvoice dossiers import|imports|show`: the one-stop system's dossier statistics.
struct DossiersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossiers",
        abstract: "Import and read dossier statistics (received, resolved on time or late, apologies, online, post).",
        subcommands: [DossiersImport.self, DossiersImports.self, DossiersShow.self]
    )
}

struct DossiersImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV or XLSX export of dossier statistics, all or nothing; a period imported again is replaced.",
        discussion: """
            One row per unit and day or month (and procedure, when given), with a header row naming the columns:
            unit, period (2026-03-15, 15/03/2026, 2026-03 or 03/2026), procedure (optional), received, resolved,
            resolved_on_time, resolved_late, apologies_sent, online, received_by_post, returned_by_post.
            XLSX: the first sheet; problems are reported at the row numbers Excel shows.
            Example: scripts/data/dossiers-lao-cai-2026-q1.csv
            """
    )

    @Argument(help: "The file (.csv or .xlsx).") var file: String

    func run() async throws {
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CommandEnvironment.fail(CommandMessage("cannot read \(file): \(error.localizedDescription)"))
        }
        let plan: DossierStatisticsImport
        do {
            plan = try DossierStatisticsImport.parse(data: contents, path: file)
        } catch {
            throw Self.refuse(error, in: file)
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        let summary = try await CommandEnvironment.withDatabase { database, _, logger in
            do {
                return try await DossierStore(database: database)
                    .importStatistics(plan, fileName: name, contents: contents, by: CommandEnvironment.actor, logger: logger)
            } catch let errors as FormValidationErrors {
                throw Self.refuse(errors, in: file)
            }
        }
        print("import \(summary.importID): \(summary.rows) rows for \(summary.units) unit\(summary.units == 1 ? "" : "s"), "
              + "\(summary.firstDay) … \(summary.lastDay); \(summary.replaced) stored rows replaced")
        let total = summary.total
        print("received \(total.received), resolved \(total.resolved) (on time \(total.resolvedOnTime), "
              + "late \(total.resolvedLate)), apologies \(total.apologiesSent), online \(total.online), "
              + "by post \(total.receivedByPost) in / \(total.returnedByPost) out")
    }

    /// Prints every problem, one per line, and fails.
    static func refuse(_ errors: FormValidationErrors, in file: String) -> ExitCode {
        print(errors.description)
        let count = errors.issues.count
        return CommandEnvironment.fail(CommandMessage("\(count) problem\(count == 1 ? "" : "s") in \(file); nothing imported"))
    }
}

struct DossiersImports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "imports", abstract: "List the latest imports.")

    @Option(help: "How many, newest first.") var limit = 20

    func run() async throws {
        let limit = max(1, min(limit, 500))
        let records = try await CommandEnvironment.withDatabase { database, _, logger in
            try await DossierStore(database: database).imports(limit: limit, logger: logger)
        }
        let formatter = ISO8601DateFormatter()
        print(["id", "at", "by", "file", "format", "rows", "replaced", "first", "last"].joined(separator: "\t"))
        for record in records {
            print(["\(record.id)", formatter.string(from: record.importedAt), record.actorLogin, record.fileName,
                   record.format, "\(record.rows)", "\(record.replaced)", record.firstDay.description,
                   record.lastDay.description].joined(separator: "\t"))
        }
    }
}

struct DossiersShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a period's dossier figures beside its satisfaction respondents: Yamane's sample, on time, apologies, QĐ 766 ratio 3."
    )

    @Option(help: "2026, 2026-H1, 2026-Q1, 2026-Q3 (Jan–Sep), 2026-09, or YYYY-MM-DD/YYYY-MM-DD.") var period: String
    @Option(help: "calendar or cutoff.") var convention: ReportingPeriod.Convention = .calendar
    @Option(help: "Unit code (default: everything).") var unit: String?
    @Option(help: "The satisfaction form whose respondents are compared with Yamane's sample.") var form = "sipas"

    func run() async throws {
        let parsed: ReportingPeriod
        do {
            parsed = try ReportingPeriod(parsing: period)
        } catch {
            throw ValidationError(error.description)
        }
        let options = self
        try await CommandEnvironment.withDatabase { database, _, logger in
            let analytics = AnalyticsStore(database: database)
            let satisfaction = try await analytics.satisfaction(period: parsed, convention: options.convention,
                                                                unitCode: options.unit, formID: options.form, logger: logger)
            let totals = try await analytics.dossierTotals(period: parsed, convention: options.convention,
                                                           unitCode: options.unit, logger: logger)
            let qd766 = try await analytics.qd766Counts(period: parsed, convention: options.convention,
                                                        unitCode: options.unit, logger: logger)
            for line in DossierFiguresText.lines(totals.figures(respondents: satisfaction.respondents),
                                                 ratio: qd766.dossierRatio, form: options.form) {
                print(line)
            }
        }
    }
}
