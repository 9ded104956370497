import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

/// The reach of staff grants (one recursive query shared with `isInScope`) on the sample register.
@Suite(.timeLimit(.minutes(2)))
struct UnitScopeTests {
    static let today = CalendarDate("2026-01-01")!

    func codes(_ store: UnitStore, _ ids: Set<Int64>) async throws -> Set<String> {
        Set(try await store.units(logger: TestDatabase.logger).filter { ids.contains($0.id) }.map(\.code))
    }

    func user(_ database: Database, _ login: String, role: StaffRole, unit: String) async throws -> Int64 {
        let hash = "$2b$04$" + String(repeating: "a", count: 53)
        return try await UserStore(database: database).create(
            login: login, displayName: login, passwordHash: hash, role: role, unitCode: unit,
            by: SampleUnits.actor, logger: TestDatabase.logger).id
    }

    @Test func aGrantReachesItsSubtreeAndCompletedSuccessionsAndARootGrantAlsoTheUnitless() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            try await SampleUnits.importInto(database)
            let store = UnitStore(database: database)
            let department = try await user(database, "lan", role: .handler, unit: "LC.SVHTTDL")
            let province = try await user(database, "hoa", role: .handler, unit: "LC")

            // act
            let departmentReach = try await store.reach(userID: department, roles: [.handler], today: Self.today,
                                                        logger: TestDatabase.logger)
            let provinceReach = try await store.reach(userID: province, roles: [.handler], today: Self.today,
                                                      logger: TestDatabase.logger)
            let otherRole = try await store.reach(userID: department, roles: [.analyst], today: Self.today,
                                                  logger: TestDatabase.logger)

            // validate
            #expect(try await codes(store, departmentReach.unitIDs) == [
                "LC.SDL", "LC.SVHTT", "LC.SVHTT.VP", "LC.SVHTTDL", "LC.SVHTTDL.QLVH", "LC.SVHTTDL.VP", "YB.SVHTTDL",
            ])
            #expect(!departmentReach.startsAtRoot, "a department grant does not see items without a unit")
            #expect(provinceReach.startsAtRoot)
            #expect(try await codes(store, provinceReach.unitIDs).isSuperset(of: ["LC", "YB", "LC.STP", "YB.SVHTTDL"]))
            #expect(otherRole == .nothing, "only grants of the roles asked count")
        }
    }

    @Test func aUnitReachesWhatAGrantOnItWould() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            let store = UnitStore(database: database)
            let department = try #require(try await store.unit(code: "LC.SVHTTDL", logger: TestDatabase.logger))
            let userID = try await user(database, "lan", role: .handler, unit: "LC.SVHTTDL")

            let fromUnit = try await store.reach(fromUnit: department.id, today: Self.today, logger: TestDatabase.logger)
            let fromGrant = try await store.reach(userID: userID, roles: [.handler], today: Self.today,
                                                  logger: TestDatabase.logger)

            #expect(fromUnit.unitIDs == fromGrant.unitIDs)
            let before = try await store.reach(fromUnit: department.id, today: CalendarDate("2025-05-01")!,
                                               logger: TestDatabase.logger)
            #expect(try await !codes(store, before.unitIDs).contains("YB.SVHTTDL"), "a succession still to come gives nothing yet")
        }
    }
}
