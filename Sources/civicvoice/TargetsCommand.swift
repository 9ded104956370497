import ArgumentParser
import CivicCore
import CivicStore
import Foundation

/// `civicvoice targets set|clear|remove|list`: the satisfaction rate each unit and form is held to,
/// from a month on.
struct TargetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Set, end, remove and list satisfaction targets (default 90%).",
        discussion: """
            A target applies to the unit's subtree unless a unit below sets its own; at each unit a target for \
            the form beats one for every form. Without --unit, the setting is the default for every unit. A \
            setting applies from the 1st of its --from month (default: this month in Vietnam); a report holds \
            a unit to the setting in force on its period's last day, so periods that ended before keep theirs.
            """,
        subcommands: [TargetsSet.self, TargetsClear.self, TargetsRemove.self, TargetsList.self]
    )
}

/// The key of one setting, shared by the subcommands that change one.
struct TargetKeyOptions: ParsableArguments {
    @Option(help: "Unit code (default: the default for every unit).") var unit: String?
    @Option(help: "Form id (default: every form).") var form: String?
    @Option(help: "The first month the setting applies to, YYYY-MM (default: this month in Vietnam).")
    var from: String?

    /// `--from`, or this month in Vietnam.
    func month() throws -> YearMonth {
        guard let from else { return YearMonth(ServiceClock.system.today()) }
        guard let month = YearMonth(from) else { throw ValidationError("--from is a month, YYYY-MM, e.g. 2026-07") }
        return month
    }

    func validate() throws { _ = try month() }

    var label: String { "\(unit ?? "every unit"), \(form ?? "every form")" }

    /// Applies `change` to this key's setting from `month` (nil: the setting for every period).
    func apply(_ change: AnalyticsStore.TargetChange, from month: YearMonth?) async throws {
        let (unit, form) = (self.unit, self.form)
        try await CommandEnvironment.withDatabase { database, _, logger in
            try await AnalyticsStore(database: database).setTarget(change, unitCode: unit, formID: form, from: month,
                                                                  by: CommandEnvironment.actor, logger: logger)
        }
    }
}

struct TargetsSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a target from a month on (audited).")

    @OptionGroup var key: TargetKeyOptions
    @Option(help: "The rate, 0…1, e.g. 0.92.") var target: Double

    func validate() throws {
        guard target.isFinite, (0...1).contains(target) else { throw ValidationError("--target must be between 0 and 1") }
    }

    func run() async throws {
        let month = try key.month()
        try await key.apply(.rate(target), from: month)
        print("target for \(key.label) from \(month): \(Demo.percent(target))")
    }
}

struct TargetsClear: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "End a unit's own target from a month on: it inherits again (audited).")

    @OptionGroup var key: TargetKeyOptions

    func run() async throws {
        let month = try key.month()
        try await key.apply(.inherit, from: month)
        print("target for \(key.label) from \(month): inherited")
    }
}

struct TargetsRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove one setting made by mistake: the periods it covered get what applied without it (audited).")

    @OptionGroup var key: TargetKeyOptions
    @Flag(help: "Remove the setting for every period (one made before targets had an effective month).")
    var everyPeriod = false

    func run() async throws {
        let month: YearMonth? = try everyPeriod ? nil : key.month()
        try await key.apply(.remove, from: month)
        print("setting for \(key.label) from \(month?.description ?? "every period") removed")
    }
}

struct TargetsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the targets set.")

    func run() async throws {
        let settings = try await CommandEnvironment.withDatabase { database, _, logger in
            try await AnalyticsStore(database: database).targetSettings(logger: logger)
        }
        print(["unit", "form", "from", "target"].joined(separator: "\t"))
        print(["*", "*", "*", "\(Demo.percent(RateReport.satisfactionTarget)) (built in)"].joined(separator: "\t"))
        for setting in settings {
            print([setting.unitCode ?? "*", setting.formID ?? "*", setting.effectiveFrom?.description ?? "every period",
                   setting.target.map(Demo.percent) ?? "inherited"].joined(separator: "\t"))
        }
    }
}
