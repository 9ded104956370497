import ArgumentParser
import CivicCore
import CivicStore
import Foundation
import Logging

/// `civicvoice demo --responses N`: fills a database with realistic survey responses, fast, so that
/// anyone can see the reports at scale (issue 6).
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load N realistic survey responses (COPY, with their counts), then time a province-year report.",
        discussion: """
            Applies pending migrations, imports the sample units when the register is empty, stores the forms of
            FORMS_DIR, then writes the responses in batches of one transaction each, with a progress bar on
            standard error, and imports dossier statistics for the same units and months (more dossiers resolved
            than responses, a few late). The same options and seed give the same responses. For a demonstration database only:
            the responses are synthetic, and --truncate deletes every response.
            """
    )

    @Option(help: "Responses to load.") var responses: Int = 10_000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "Days the responses spread over, ending on --last-day.") var days: Int = 365
    @Option(name: .customLong("last-day"), help: "YYYY-MM-DD (default: today in Vietnam).") var lastDay: String?
    @Option(help: "Responses per transaction.") var batch: Int = 20_000
    @Option(help: "Unit register imported when there is no unit yet.") var units = "scripts/data/units-lao-cai.yaml"
    @Option(help: "Add this many synthetic communes (DEMO-001…) under the province, as a real one has ~100 units.")
    var communes = 0
    @Flag(help: "Delete every response and every count first.") var truncate = false
    @Flag(help: "Afterwards, compare every count with a full scan of the responses (reads them all).") var verify = false

    func validate() throws {
        guard responses >= 0 else { throw ValidationError("--responses cannot be negative") }
        guard (1...3660).contains(days) else { throw ValidationError("--days must be 1…3660") }
        guard (100...200_000).contains(batch) else { throw ValidationError("--batch must be 100…200000") }
        guard (0...999).contains(communes) else { throw ValidationError("--communes must be 0…999") }
        if let lastDay, CalendarDate(lastDay) == nil { throw ValidationError("--last-day must be YYYY-MM-DD") }
    }

    func run() async throws {
        let configuration = try CommandEnvironment.configuration(requireSecret: false)
        let migrations = try CommandEnvironment.migrations(configuration)
        let catalog: FormCatalog
        do {
            catalog = try FormCatalog.load(directory: URL(fileURLWithPath: configuration.formsDirectory))
        } catch {
            throw CommandEnvironment.fail(CommandMessage("forms in \(configuration.formsDirectory): \(error.description)"))
        }
        let options = self
        try await CommandEnvironment.withDatabase { database, _, logger in
            try await MigrationRunner(database: database, migrations: migrations).migrate(logger: logger)
            try await options.prepareUnits(database, logger: logger)
            let last = options.lastDay.flatMap(CalendarDate.init)
                ?? ServiceClock.system.today()
            try await options.addCommunes(database, from: last.adding(days: -(options.days - 1)), logger: logger)
            try await FormStore(database: database).synchronise(Array(catalog.forms.values), logger: logger)
            let loader = DemoLoader(database: database)
            if options.truncate {
                try await loader.truncate(logger: logger)
            }
            let plan = DemoPlan(total: options.responses, days: options.days, lastDay: last, seed: options.seed,
                                units: try await loader.units(logger: logger), forms: Array(catalog.forms.values))
            let bar = ProgressBar()
            let loaded = try await loader.load(plan, batchSize: options.batch, logger: logger) { progress in
                bar.show(progress)
            }
            bar.finish()
            try await options.importDossiers(loader, database: database, logger: logger)
            try await loader.analyze(logger: logger)
            try await options.report(loaded: loaded, plan: plan, bar: bar, database: database, logger: logger)
            if options.verify {
                let check = try await AnalyticsStore(database: database).verifyCounts(logger: logger)
                print(check.isExact
                      ? "verified: the counts equal a full scan of \(check.scannedResponses) responses "
                        + "(\(check.scannedAnswers) answers)"
                      : "MISMATCH between the counts and a full scan: \(check.mismatches)")
                if !check.isExact { throw ExitCode.failure }
            }
        }
    }

    /// Dossier statistics agreeing with the responses loaded (``DemoDossiers``), through the import
    /// `civicvoice dossiers import` uses: each run replaces the months it covers.
    func importDossiers(_ loader: DemoLoader, database: Database, logger: Logger) async throws {
        let csv = DemoDossiers.csv(try await loader.responsesByUnitAndMonth(logger: logger), seed: seed)
        guard csv.split(separator: "\n").count > 1 else { return }
        let plan = try DossierStatisticsImport.parse(csv: csv, file: "demo-dossiers.csv")
        let summary = try await DossierStore(database: database)
            .importStatistics(plan, fileName: "demo-dossiers.csv", contents: Data(csv.utf8), by: CommandEnvironment.actor,
                              logger: logger)
        print("dossier statistics: \(summary.rows) unit-months, \(summary.total.resolved) dossiers resolved "
              + "(\(summary.total.resolvedLate) late, \(summary.total.apologiesSent) apologies), "
              + "\(summary.replaced) earlier rows replaced")
    }

    /// Imports the sample register when there is no unit at all.
    func prepareUnits(_ database: Database, logger: Logger) async throws {
        let store = UnitStore(database: database)
        guard try await store.units(logger: logger).isEmpty else { return }
        let contents = try String(contentsOf: URL(fileURLWithPath: units), encoding: .utf8)
        let plan = try UnitImport.parse(contents: contents, path: units)
        let summary = try await store.importUnits(plan, by: CommandEnvironment.actor, logger: logger)
        print("imported \(summary.created) units from \(units)")
    }

    /// Imports `--communes` synthetic communes under the root unit in effect on `day`, through the
    /// same import as `civicvoice units import` (existing codes are left as they are).
    func addCommunes(_ database: Database, from day: CalendarDate, logger: Logger) async throws {
        guard communes > 0 else { return }
        let store = UnitStore(database: database)
        guard let root = try await store.units(on: day, logger: logger).first(where: { $0.parentCode == nil })
        else { throw CommandMessage("no root unit exists on \(day) to add communes to") }
        let entries = (1...communes).map { number -> String in
            let digits = String(number)
            let code = "\(root.code).DEMO-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
            return """
                  - code: \(code)
                    parent: \(root.code)
                    kind: commune
                    names: {vi: "Xã Demo \(number)", en: "Demo Commune \(number)"}
                    effective_from: \(day)
                """
        }
        let yaml = "units:\n" + entries.joined(separator: "\n") + "\n"
        let summary = try await store.importUnits(try UnitImport.parse(contents: yaml, path: "demo-communes.yaml"),
                                                  by: CommandEnvironment.actor, logger: logger)
        print("synthetic communes: \(summary.created) created, \(summary.unchanged) already there")
    }

    /// The load's rate, then the satisfaction report a year for the whole province, timed.
    func report(loaded: Int, plan: DemoPlan, bar: ProgressBar, database: Database, logger: Logger) async throws {
        let seconds = bar.elapsedSeconds
        print("loaded \(loaded) responses over \(plan.dayRange.lowerBound) … \(plan.dayRange.upperBound) "
              + "in \(String(format: "%.1f", seconds)) s (\(Int(Double(loaded) / max(seconds, 0.001))) responses/s)")
        let roots = try await UnitStore(database: database).units(on: plan.dayRange.upperBound, logger: logger)
            .filter { $0.parentCode == nil }
        guard let province = roots.first?.code else { return }
        let year = ReportingPeriod(kind: .year(plan.dayRange.upperBound.year))!
        let analytics = AnalyticsStore(database: database)
        let clock = ContinuousClock()
        var times: [Duration] = []
        var counts: SatisfactionCounts?
        for _ in 0..<21 {
            let started = clock.now
            counts = try await analytics.satisfaction(period: year, unitCode: province, logger: logger)
            times.append(clock.now - started)
        }
        guard let counts else { return }
        let summary = counts.summary()
        let median = times.sorted()[times.count / 2]
        print("satisfaction \(year) for \(province): pooled \(Self.percent(summary.pooled.rate)), "
              + "mean of elements \(Self.percent(summary.meanOfElements.rate)), "
              + "\(counts.pooled.answered) answers from \(counts.respondents) forms; "
              + "query median \(Self.milliseconds(median)) ms over \(times.count) runs")
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { String(format: "%.2f%%", $0 * 100) } ?? "–"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

/// `\r[#####     ] 48% 4.8M/10M 210k/s` on standard error, redrawn after each batch.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var last: DemoLoader.Progress?

    func show(_ progress: DemoLoader.Progress) {
        lock.lock()
        defer { lock.unlock() }
        last = progress
        let width = 30
        let share = progress.total == 0 ? 1 : Double(progress.loaded) / Double(progress.total)
        let filled = Int(share * Double(width))
        let rate = Double(progress.loaded) / max(Self.seconds(progress.elapsed), 0.001)
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
            + String(format: "%3.0f%% ", share * 100) + "\(Self.short(Double(progress.loaded)))/\(Self.short(Double(progress.total))) "
            + "\(Self.short(rate))/s \(progress.day.map { "\($0)" } ?? "")"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }

    var elapsedSeconds: Double {
        lock.lock()
        defer { lock.unlock() }
        return last.map { Self.seconds($0.elapsed) } ?? 0
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// 4.8M, 210k, 950.
    static func short(_ value: Double) -> String {
        switch value {
        case 1_000_000...: String(format: "%.1fM", value / 1_000_000)
        case 10_000...: String(format: "%.0fk", value / 1_000)
        case 1_000...: String(format: "%.1fk", value / 1_000)
        default: String(format: "%.0f", value)
        }
    }
}
