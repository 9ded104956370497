import CivicCore
import CivicTestSupport
import Foundation
import Testing

@testable import CivicStore

/// Group commit: concurrent submissions share statements, and each still gets its own, exact
/// outcome after its commit.
@Suite struct ResponseBatchWriterTests {
    static func response(_ id: UUID, unitID: Int64?, digest: String, overall: Int = 5) -> ResponseStore.NewResponse {
        .init(id: id, formID: "sipas", formVersion: 1, unitID: unitID, language: "vi", channel: "api",
              dossierCode: nil, answersJSON: #"{"overall": \#(overall)}"#, contentDigest: digest)
    }

    /// Stored responses, and ids waiting in the counts queue (no compactor runs here).
    static func counts(in database: Database) async throws -> (responses: Int, queued: Int) {
        try await database.query("""
            SELECT (SELECT count(*) FROM responses), (SELECT count(*) FROM response_count_queue)
            """, logger: TestDatabase.logger) { try $0.decode((Int, Int).self) }[0]
    }

    @Test func concurrentSubmissionsReplaysAndConflictsEachGetTheirOwnOutcome() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await AnalyticsFixtures.prepare(database)
            let unit = try await AnalyticsFixtures.unitID("LC.SNV", in: database)
            let store = ResponseStore(database: database)
            let ids = (0..<150).map { _ in UUID() }
            // 150 new responses, 50 replays of some of them and 25 conflicting copies, all at once.
            var submissions = ids.map { (Self.response($0, unitID: unit, digest: "d-\($0)"), "new") }
            submissions += ids.prefix(50).map { (Self.response($0, unitID: unit, digest: "d-\($0)"), "replay") }
            submissions += ids.suffix(25).map { (Self.response($0, unitID: unit, digest: "other", overall: 1), "conflict") }
            let outcomes = try await withThrowingTaskGroup(of: (String, ResponseStore.InsertOutcome).self) { group in
                for (response, kind) in submissions.shuffled() {
                    group.addTask { (kind, try await store.insert(response, logger: TestDatabase.logger)) }
                }
                return try await group.reduce(into: [:]) { counts, pair in counts[pair.1, default: 0] += 1 }
            }
            // Which copy of an id wins is a race; what is certain is one creation per id, and that
            // the replays and conflicts of the other copies are told apart by their content.
            #expect(outcomes[.created] == 150)
            #expect((outcomes[.replayed] ?? 0) + (outcomes[.conflict] ?? 0) == 75)
            let counts = try await Self.counts(in: database)
            #expect(counts.responses == 150)
            #expect(counts.queued == 150)
        }
    }

    @Test func aRowTheDatabaseRefusesDoesNotTakeItsBatchDown() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await AnalyticsFixtures.prepare(database)
            let unit = try await AnalyticsFixtures.unitID("LC.SNV", in: database)
            let writer = ResponseBatchWriter(database: database)
            let good = [UUID(), UUID()]
            let results = await writer.storeEach([
                Self.response(good[0], unitID: unit, digest: "a"),
                Self.response(UUID(), unitID: 987_654_321, digest: "b"),   // no such unit
                Self.response(good[1], unitID: nil, digest: "c"),
            ], logger: TestDatabase.logger)
            #expect(try results[0].get() == .created)
            #expect(throws: (any Error).self) { try results[1].get() }
            #expect(try results[2].get() == .created)
            let stored = try await database.query("SELECT id FROM responses ORDER BY id", logger: TestDatabase.logger) {
                try $0.decode(UUID.self)
            }
            #expect(Set(stored) == Set(good))
        }
    }

    @Test func oneBatchHoldingAnIdTwiceCreatesItOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await AnalyticsFixtures.prepare(database)
            let writer = ResponseBatchWriter(database: database)
            let id = UUID()
            let results = await writer.storeEach([
                Self.response(id, unitID: nil, digest: "same"),
                Self.response(id, unitID: nil, digest: "same"),
                Self.response(id, unitID: nil, digest: "different", overall: 1),
            ], logger: TestDatabase.logger)
            #expect(try results.map { try $0.get() } == [.created, .replayed, .conflict])
            let counts = try await Self.counts(in: database)
            #expect(counts.responses == 1)
            #expect(counts.queued == 1)
        }
    }
}
