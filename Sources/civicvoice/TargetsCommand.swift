import ArgumentParser
import CivicCore
import CivicStore
import Foundation

/// `civicvoice targets set|clear|list`: the satisfaction rate each unit and form is held to.
struct TargetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Set, clear and list satisfaction targets (default 90%).",
        discussion: """
            A target applies to the unit's subtree unless a unit below sets its own; at each unit a target for \
            the form beats one for every form. Without --unit, the setting is the default for every unit.
            """,
        subcommands: [TargetsSet.self, TargetsClear.self, TargetsList.self]
    )
}

struct TargetsSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a target (audited).")

    @Option(help: "Unit code (default: every unit).") var unit: String?
    @Option(help: "Form id (default: every form).") var form: String?
    @Option(help: "The rate, 0…1, e.g. 0.92.") var target: Double

    func validate() throws {
        guard target.isFinite, (0...1).contains(target) else { throw ValidationError("--target must be between 0 and 1") }
    }

    func run() async throws {
        let (unit, form, target) = (self.unit, self.form, self.target)
        try await CommandEnvironment.withDatabase { database, _, logger in
            try await AnalyticsStore(database: database).setTarget(target, unitCode: unit, formID: form,
                                                                  by: CommandEnvironment.actor, logger: logger)
        }
        print("target for \(unit ?? "every unit"), \(form ?? "every form"): \(Demo.percent(target))")
    }
}

struct TargetsClear: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clear", abstract: "Remove a target (audited).")

    @Option(help: "Unit code (default: the default for every unit).") var unit: String?
    @Option(help: "Form id (default: the setting for every form).") var form: String?

    func run() async throws {
        let (unit, form) = (self.unit, self.form)
        try await CommandEnvironment.withDatabase { database, _, logger in
            try await AnalyticsStore(database: database).setTarget(nil, unitCode: unit, formID: form,
                                                                  by: CommandEnvironment.actor, logger: logger)
        }
        print("target for \(unit ?? "every unit"), \(form ?? "every form") removed")
    }
}

struct TargetsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the targets set.")

    func run() async throws {
        let settings = try await CommandEnvironment.withDatabase { database, _, logger in
            try await AnalyticsStore(database: database).targetSettings(logger: logger)
        }
        print(["unit", "form", "target"].joined(separator: "\t"))
        print(["*", "*", "\(Demo.percent(RateReport.satisfactionTarget)) (built in)"].joined(separator: "\t"))
        for setting in settings {
            print([setting.unitCode ?? "*", setting.formID ?? "*", Demo.percent(setting.target)].joined(separator: "\t"))
        }
    }
}
