import ArgumentParser
import CivicCore
import CivicStore
import Foundation
import Logging

/// `civicvoice analytics satisfaction|verify|compact|rebuild`: the counts behind the reports, from
/// the command line (and a way to time them without the HTTP layer).
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Read and check the satisfaction counts.",
        subcommands: [AnalyticsSatisfaction.self, AnalyticsVerify.self, AnalyticsCompact.self, AnalyticsRebuild.self]
    )
}

extension ReportingPeriod.Convention: ExpressibleByArgument {}
extension SatisfactionBreakdown: ExpressibleByArgument {}
extension YearMonth: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

struct AnalyticsSatisfaction: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satisfaction",
        abstract: "Print a satisfaction report (tab-separated) and how long its query took.",
        discussion: """
            The same figures as the dashboard, the report and GET /api/v1/metrics/satisfaction: one
            form (the one whose file in FORMS_DIR says metrics_default: true, unless --form names
            another, or --form all pools them), intervals with respondents as clusters (deff, n_eff),
            the verdict against the target, and "too few" below MIN_RESPONDENTS.
            """
    )

    @Option(help: "2026, 2026-H1, 2026-Q1, 2026-Q3 (Jan–Sep), 2026-Q3-only, 2026-09, or YYYY-MM-DD/YYYY-MM-DD.")
    var period: String
    @Option(help: "calendar or cutoff.") var convention: ReportingPeriod.Convention = .calendar
    @Option(help: "Unit code (default: the whole service).") var unit: String?
    @Option(help: "Form id, or all to pool every form (default: the form declared metrics_default).") var form: String?
    @Option(help: "element, question, unit, language, channel, month or form_version.") var by: SatisfactionBreakdown?
    @Option(help: "N for Yamane (default: the dossiers resolved, from the imported statistics).") var population: Int?
    @Option(help: "Run the query this many times and report the median time.") var `repeat` = 1

    func run() async throws {
        let parsed: ReportingPeriod
        do {
            parsed = try ReportingPeriod(parsing: period)
        } catch {
            throw ValidationError(error.description)
        }
        let options = self
        try await CommandEnvironment.withDatabase { database, configuration, logger in
            let catalog: FormCatalog
            do {
                catalog = try FormCatalog.load(directory: URL(fileURLWithPath: configuration.formsDirectory))
            } catch {
                throw CommandMessage("the forms in \(configuration.formsDirectory) do not load: \(error)")
            }
            let formID: String?, elementsFormID: String?
            switch options.form {
            case nil:
                (formID, elementsFormID) = (catalog.metricsDefaultFormID, catalog.metricsDefaultFormID)
            case "all"?:
                (formID, elementsFormID) = (nil, catalog.metricsDefaultFormID)
            case let id?:
                guard catalog.form(id: id)?.kind == .survey else {
                    throw CommandMessage("no survey form has the id '\(id)'; use one of "
                                         + (catalog.surveyFormIDs + ["all"]).joined(separator: ", "))
                }
                (formID, elementsFormID) = (id, id)
            }
            let analytics = AnalyticsStore(database: database)
            let clock = ContinuousClock()
            var times: [Duration] = []
            var result: SatisfactionCounts?
            for _ in 0..<max(1, options.repeat) {
                let started = clock.now
                result = try await analytics.satisfaction(period: parsed, convention: options.convention,
                                                          unitCode: options.unit, formID: formID,
                                                          elementsFormID: elementsFormID, breakdown: options.by,
                                                          logger: logger)
                times.append(clock.now - started)
            }
            guard let counts = result else { return }
            let minimum = configuration.minimumRespondents
            // The target in force on the period's last day, as the API and the pages take it.
            let target = try await analytics.target(unitCode: options.unit, formID: formID,
                                                    on: parsed.dateRange(convention: options.convention).last, logger: logger)
            let totals = try await analytics.dossierTotals(period: parsed, convention: options.convention,
                                                           unitCode: options.unit, logger: logger)
            let figures = totals.figures(respondents: counts.respondents)
            // Yamane's N: the dossiers resolved from the imported statistics, unless --population says.
            let population = options.population ?? figures.sample.population
            let summary = counts.summary(target: target, population: population, minimumRespondents: minimum)
            let pooledForms = formID == nil ? " (pooled: \(counts.forms.joined(separator: ", ")))" : ""
            print("\(parsed) (\(counts.firstDay) … \(counts.lastDay)), unit \(options.unit ?? "all"), "
                  + "form \(formID ?? "all")\(pooledForms): \(counts.respondents) forms, target \(Demo.percent(target)), "
                  + "minimum \(minimum) respondents")
            print(["row", "rate", "ci95", "method", "deff", "n_eff", "satisfied", "answered", "respondents", "met",
                   "verdict"].joined(separator: "\t"))
            Self.printLine("pooled", summary.pooled, respondents: counts.respondents)
            print(["mean of elements", Demo.percent(summary.meanOfElements.rate), "–", "none", "–", "–",
                   "\(summary.meanOfElements.satisfied)", "\(summary.meanOfElements.answered)", "\(counts.respondents)",
                   summary.meanOfElements.met.map { $0 ? "yes" : "no" } ?? "–", "–"].joined(separator: "\t"))
            for element in SatisfactionElement.allCases where options.by != .element {
                if let report = summary.elements[element] {
                    Self.printLine("element \(element.rawValue)", report, respondents: report.interval.respondents)
                }
            }
            for row in counts.rows {
                Self.printLine(row.key.isEmpty ? "(no unit)" : row.key,
                               counts.report(for: row, target: target, population: options.population,
                                             minimumRespondents: minimum),
                               respondents: row.respondents)
            }
            let qd766 = try await analytics.qd766Counts(period: parsed, convention: options.convention,
                                                        unitCode: options.unit, logger: logger)
            for line in DossierFiguresText.lines(figures, ratio: qd766.dossierRatio, form: formID ?? "all forms") {
                print(line)
            }
            let sorted = times.sorted()
            print("query: median \(Demo.milliseconds(sorted[sorted.count / 2])) ms, "
                  + "min \(Demo.milliseconds(sorted[0])) ms over \(sorted.count) run\(sorted.count == 1 ? "" : "s")")
        }
    }

    static func printLine(_ name: String, _ report: RateReport, respondents: Int?) {
        let interval = report.ci95.map { "\(Demo.percent($0.low))–\(Demo.percent($0.high))" } ?? "–"
        let deff = report.interval.designEffect.map { String(format: "%.3f", $0) } ?? "–"
        let effective = report.interval.effectiveSize.map { String(format: "%.1f", $0) } ?? "–"
        let verdict = report.tooFewRespondents == true ? "too few" : report.verdict?.rawValue ?? "–"
        print([name, Demo.percent(report.rate), interval, report.interval.method.rawValue, deff, effective,
               "\(report.satisfied)", "\(report.answered)", respondents.map(String.init) ?? "–",
               report.met.map { $0 ? "yes" : "no" } ?? "–", verdict].joined(separator: "\t"))
    }
}

/// `--from` and `--to`, whole months: the range that verify and rebuild read.
struct MonthRangeOptions: ParsableArguments {
    @Option(help: "The first month, YYYY-MM (default: the first there is).") var from: YearMonth?
    @Option(help: "The last month, YYYY-MM (default: the last there is).") var to: YearMonth?

    func months() throws -> CountedMonths {
        guard let months = CountedMonths(from: from, to: to) else { throw ValidationError("--from is after --to") }
        return months
    }
}

struct AnalyticsVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Compare every kept count with a full scan of the responses; exit 1 on a difference.",
        discussion: """
            Reads DATABASE_READ_URL when it is set and its replica is within DATABASE_READ_MAX_LAG, else             DATABASE_URL. Months dropped by `responses drop-month` are left alone: their counts stay,             their responses are gone.
            """
    )

    @OptionGroup var range: MonthRangeOptions

    func run() async throws {
        let months = try range.months()
        let (check, source) = try await CommandEnvironment.withDatabase { database, configuration, logger in
            guard let url = configuration.readDatabaseURL else {
                return (try await AnalyticsStore(database: database).verifyCounts(months: months, logger: logger),
                        nil as ReplicaRouter.Source?)
            }
            let replica = Database(url: url, logger: logger)
            return try await replica.whileRunning {
                let source = await ReplicaRouter(primary: database, replica: replica,
                                                 maximumLag: configuration.readMaximumLag).source(logger: logger)
                return (try await AnalyticsStore(database: source.database).verifyCounts(months: months, logger: logger),
                        source)
            }
        }
        if let source {
            print("read from the \(source.place.rawValue)\(source.fallback.map { " (replica \($0.rawValue))" } ?? ""), "
                  + "as of \(ISO8601DateFormatter().string(from: source.asOf))")
        }
        for (rollup, count) in check.mismatches.sorted(by: { $0.key < $1.key }) {
            print("\(rollup)\t\(count == 0 ? "exact" : "\(count) keys differ")")
        }
        print("\(check.scannedResponses) responses, \(check.scannedAnswers) scale answers scanned (\(months))")
        if !check.droppedMonths.isEmpty {
            print("dropped months left alone: \(check.droppedMonths.map(\.description).joined(separator: ", "))")
        }
        if !check.isExact { throw ExitCode.failure }
    }
}

struct AnalyticsCompact: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Move every queued response into the counts now (the server does this every second)."
    )

    func run() async throws {
        let moved = try await CommandEnvironment.withDatabase { database, _, logger in
            try await CountsCompactor(database: database, logger: logger).compactAll(logger: logger)
        }
        print("\(moved) responses counted")
    }
}

struct AnalyticsRebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Recount every response from scratch (after responses were written around the service).",
        discussion: "Months dropped by `responses drop-month` keep their counts: their responses are gone."
    )

    @OptionGroup var range: MonthRangeOptions

    func run() async throws {
        let months = try range.months()
        let (queued, moved) = try await CommandEnvironment.withDatabase { database, _, logger in
            let queued = try await AnalyticsStore(database: database).rebuildCounts(months: months, logger: logger)
            let moved = try await CountsCompactor(database: database, batchSize: 20_000, logger: logger)
                .compactAll(logger: logger)
            return (queued, moved)
        }
        print("\(queued) responses queued, \(moved) counted (\(months))")
    }
}
