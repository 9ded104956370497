import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite(.timeLimit(.minutes(2)))
struct AuditLogTests {
    @Test func theDatabaseRefusesToChangeOrDeleteEntries() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            let log = AuditLog(database: database)
            try await log.append("user.create", objectType: "user", objectID: "lan", details: ["role": .string("admin")],
                                 by: .commandLine(osUser: "root"), logger: TestDatabase.logger)
            // act + validate: each way of rewriting history is refused by the trigger
            for statement in [
                "UPDATE audit_log SET actor_login = 'someone else'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
            ] {
                do {
                    try await database.execute(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                    Issue.record("\(statement) was allowed")
                } catch let error as PSQLError {
                    #expect(error.serverInfo?[.sqlState] == "42501", "\(statement)")
                }
            }
            let entries = try await log.recent(limit: 10, logger: TestDatabase.logger)
            #expect(entries.count == 1)
            #expect(entries.first?.actorLogin == "cli:root")
            #expect(entries.first?.details == ["role": .string("admin")])
        }
    }
}
