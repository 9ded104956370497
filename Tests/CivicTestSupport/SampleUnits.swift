import CivicCore
import CivicStore
import Foundation

/// The shipped sample register (scripts/data/units-lao-cai.yaml), imported as `units import` does.
public enum SampleUnits {
    public static let url = TestDatabase.repositoryRoot.appendingPathComponent("scripts/data/units-lao-cai.yaml")

    public static let actor = AuditLog.Actor.commandLine(osUser: "test")

    @discardableResult
    public static func importInto(_ database: Database) async throws -> UnitStore.ImportSummary {
        let plan = try UnitImport.parse(contents: try String(contentsOf: url, encoding: .utf8), path: url.lastPathComponent)
        return try await UnitStore(database: database).importUnits(plan, by: actor, logger: TestDatabase.logger)
    }
}
