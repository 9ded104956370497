import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// Issue 13, must fix 4: the server's database role has only the grants it needs. Whatever a bug or
/// an injection made it send, it could not switch off or empty the append-only logs, change the
/// schema, or mark a migration applied.
@Suite(.timeLimit(.minutes(2)))
struct DatabaseRoleTests {
    /// The SQLSTATE of `body`'s error, nil when it succeeded.
    static func sqlState(_ database: Database, _ sql: String) async -> String? {
        do {
            try await database.execute(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
            return nil
        } catch let error as PSQLError {
            return error.serverInfo?[.sqlState] ?? "no SQLSTATE: \(String(reflecting: error))"
        } catch {
            return "\(error)"
        }
    }

    @Test func theServersRoleCannotDisableEmptyOrRewriteTheAuditLog() async throws {
        try await TestApp.withApp { client, database in
            // setup: the server writes an entry as it runs (a sign-in)
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            #expect(try await StaffFixtures.signIn(client, "lan").1.status == .seeOther)
            // act + validate, with the pool the server itself uses
            let refused = [
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "ALTER TABLE feedback_events DISABLE TRIGGER ALL",
                "DROP TRIGGER audit_log_no_update_or_delete ON audit_log",
                "TRUNCATE audit_log",
                "DELETE FROM audit_log",
                "UPDATE audit_log SET actor_login = 'nobody'",
                "DELETE FROM feedback_events",
                "TRUNCATE feedback_events",
                "CREATE TABLE stolen (x text)",
                "CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql",
                "UPDATE schema_migrations SET checksum = 'x'",
                "DELETE FROM schema_migrations",
            ]
            for statement in refused {
                let state = await Self.sqlState(database, statement)
                // 42501 insufficient_privilege; ALTER, DROP and CREATE OR REPLACE by a non-owner: also 42501.
                #expect(state == "42501", "\(statement): \(state ?? "it succeeded")")
            }
            // what it needs still works
            #expect(await Self.sqlState(database, "INSERT INTO audit_log (actor_login, action, object_type) VALUES ('t', 'test.check', 'x')") == nil)
            #expect(await Self.sqlState(database, "SELECT count(*) FROM audit_log") == nil)
        }
    }
}
