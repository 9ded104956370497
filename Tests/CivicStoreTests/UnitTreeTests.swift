import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct UnitTreeTests {
    func codes(_ store: UnitStore, _ code: String, _ day: String) async throws -> [String] {
        try #require(try await store.subtree(of: code, on: CalendarDate(day)!, logger: TestDatabase.logger)).map(\.code)
    }

    @Test func importIsIdempotentAndAudited() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let first = try await SampleUnits.importInto(database)
            #expect(first.created == 18)
            #expect(first.successions == 9)
            let again = try await SampleUnits.importInto(database)
            #expect([again.created, again.updated, again.unchanged, again.successions] == [Int]([0, 0, 18, 9]))
            let audited = try await AuditLog(database: database).recent(limit: 10, logger: TestDatabase.logger)
            #expect(audited.map(\.action) == ["units.import", "units.import"])
            #expect(audited.first?.actorLogin == "cli:test")
            #expect(audited.first?.details["unchanged"] == .int(18))
        }
    }

    @Test func subtreeAcrossADepartmentMergerByDate() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            let store = UnitStore(database: database)
            // Before the March 2025 merger the merged department's report covers its two
            // predecessors, their office, and Yên Bái's department (merged in July).
            #expect(try await codes(store, "LC.SVHTTDL", "2024-06-30")
                    == ["LC.SDL", "LC.SVHTT", "LC.SVHTT.VP", "YB.SVHTTDL"])
            // Between the two mergers: the new department, its offices, and Yên Bái's.
            #expect(try await codes(store, "LC.SVHTTDL", "2025-03-01")
                    == ["LC.SVHTTDL", "LC.SVHTTDL.QLVH", "LC.SVHTTDL.VP", "YB.SVHTTDL"])
            // After: only what exists now.
            #expect(try await codes(store, "LC.SVHTTDL", "2025-07-01")
                    == ["LC.SVHTTDL", "LC.SVHTTDL.QLVH", "LC.SVHTTDL.VP"])
            // A predecessor's own report is unchanged by the merger, and empty after it ended.
            #expect(try await codes(store, "LC.SVHTT", "2024-06-30") == ["LC.SVHTT", "LC.SVHTT.VP"])
            #expect(try await codes(store, "LC.SVHTT", "2025-06-30") == [])
            #expect(try await store.subtree(of: "NOPE", on: CalendarDate("2025-01-01")!, logger: TestDatabase.logger) == nil)
        }
    }

    @Test func subtreeAcrossTheProvinceAndCommuneMergers() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            let store = UnitStore(database: database)
            let lc2024 = try await codes(store, "LC", "2024-12-31")
            // The merged province's 2024 covers old Yên Bái and its wards.
            #expect(lc2024.contains("YB"))
            #expect(lc2024.contains("YB.P-HONGHA"))
            #expect(lc2024.contains("LC.P-COCLEU"))
            #expect(!lc2024.contains("LC.P-LAOCAI"))
            #expect(!lc2024.contains("LC.SVHTTDL"))
            let lc2026 = try await codes(store, "LC", "2026-01-01")
            #expect(lc2026 == ["LC", "LC.P-LAOCAI", "LC.P-YENBAI", "LC.SNV", "LC.STP", "LC.SVHTTDL", "LC.SVHTTDL.QLVH",
                               "LC.SVHTTDL.VP", "LC.X-BATXAT"])
            #expect(try await codes(store, "LC.P-YENBAI", "2025-06-30") == ["YB.P-HONGHA", "YB.P-NGUYENTHAIHOC"])
            #expect(try await codes(store, "LC.P-YENBAI", "2025-07-01") == ["LC.P-YENBAI"])
        }
    }

    @Test func scopeReachesDescendantsAndCompletedSuccessionsOnly() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            let store = UnitStore(database: database)
            let hash = "$2b$04$" + String(repeating: "a", count: 53)
            let user = try await UserStore(database: database).create(
                login: "lan", displayName: "Lan", passwordHash: hash, role: .analyst, unitCode: "LC.SVHTTDL",
                by: SampleUnits.actor, logger: TestDatabase.logger)
            func inScope(_ code: String, roles: [StaffRole] = [.analyst], today: String = "2026-01-01") async throws -> Bool {
                let unit = try #require(try await store.unit(code: code, logger: TestDatabase.logger))
                return try await store.isInScope(unitID: unit.id, userID: user.id, roles: roles,
                                                 today: CalendarDate(today)!, logger: TestDatabase.logger)
            }
            #expect(try await inScope("LC.SVHTTDL"))
            #expect(try await inScope("LC.SVHTTDL.QLVH"))
            #expect(try await inScope("LC.SVHTT.VP"), "the merged department inherits its predecessors' history")
            #expect(try await inScope("YB.SVHTTDL"))
            #expect(try await !inScope("YB.SVHTTDL", today: "2025-05-01"), "a succession still to come gives nothing yet")
            #expect(try await !inScope("LC.STP"))
            #expect(try await !inScope("LC"), "scope goes down, never up")
            #expect(try await !inScope("LC.SVHTTDL", roles: [.handler]), "only grants of the roles asked count")
        }
    }

    @Test func anImportThatBreaksTheTreeChangesNothing() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            let plan = try UnitImport.parse(yaml: """
                units:
                  - code: LC.NEW
                    parent: LC
                    kind: department
                    names: {vi: Sở Mới}
                    effective_from: 2025-01-01
                  - code: LC.X
                    parent: YB
                    kind: office
                    names: {vi: X}
                    effective_from: 2020-01-01
                  - code: LC.Y
                    parent: NOWHERE
                    kind: office
                    names: {vi: Y}
                    effective_from: 2020-01-01
                """, file: "bad.yaml")
            do {
                _ = try await UnitStore(database: database).importUnits(plan, by: SampleUnits.actor, logger: TestDatabase.logger)
                Issue.record("expected the import to be refused")
            } catch let error as FormValidationErrors {
                #expect(error.issues.map(\.description) == [
                    "bad.yaml:7:5: units[1].effective_to: LC.X must end by 2025-07-01, when its parent YB ends",
                    "bad.yaml:12:5: units[2].parent: unknown parent 'NOWHERE': it is neither in this file nor stored",
                ])
            }
            #expect(try await UnitStore(database: database).unit(code: "LC.NEW", logger: TestDatabase.logger) == nil)
        }
    }
}
