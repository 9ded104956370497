import ArgumentParser
import CivicCore
import CivicStore
import Foundation

/// `civicvoice units import|list`: the register of organisational units.
struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Import and list organisational units.",
        subcommands: [UnitsImport.self, UnitsList.self]
    )
}

struct UnitsImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create or update units by code from a YAML (or JSON) or CSV file, all or nothing.",
        discussion: """
            YAML: units: [{code, parent, kind, names: {vi, en, …}, effective_from, effective_to, successor, succession}]
            CSV: a header row with code, parent, kind, name_vi, name_en…, effective_from, effective_to, successor (';'-separated), succession.
            Example: scripts/data/units-lao-cai.yaml
            """
    )

    @Argument(help: "The file (.yaml, .yml, .json or .csv).") var file: String

    func run() async throws {
        let plan: UnitImport
        do {
            let contents = try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8)
            plan = try UnitImport.parse(contents: contents, path: file)
        } catch let errors as FormValidationErrors {
            print(errors.description)
            let count = errors.issues.count
            throw CommandEnvironment.fail(CommandMessage("\(count) problem\(count == 1 ? "" : "s") in \(file); nothing imported"))
        } catch {
            throw CommandEnvironment.fail(CommandMessage("cannot read \(file): \(error.localizedDescription)"))
        }
        let summary = try await CommandEnvironment.withDatabase { database, _, logger in
            do {
                return try await UnitStore(database: database).importUnits(plan, by: CommandEnvironment.actor, logger: logger)
            } catch let errors as FormValidationErrors {
                print(errors.description)
                let count = errors.issues.count
                throw CommandEnvironment.fail(CommandMessage("\(count) problem\(count == 1 ? "" : "s"); nothing imported"))
            }
        }
        print("\(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.successions) succession links")
    }
}

struct UnitsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List units, or those in effect on a date.")

    @Option(help: "YYYY-MM-DD: only units in effect that day.") var date: String?

    func run() async throws {
        var day: CalendarDate?
        if let date {
            guard let parsed = CalendarDate(date) else { throw ValidationError("--date must be YYYY-MM-DD") }
            day = parsed
        }
        let units = try await CommandEnvironment.withDatabase { [day] database, _, logger in
            try await UnitStore(database: database).units(on: day, logger: logger)
        }
        print(["code", "parent", "kind", "from", "to", "successors", "name"].joined(separator: "\t"))
        for unit in units {
            print([unit.code, unit.parentCode ?? "-", unit.kind, unit.effectiveFrom.description,
                   unit.effectiveTo?.description ?? "-", unit.successors.joined(separator: ";"),
                   unit.names["vi"] ?? ""].joined(separator: "\t"))
        }
    }
}
