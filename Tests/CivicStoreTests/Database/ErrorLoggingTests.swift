import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// An unexpected database error is logged without the statement's values (issue 13): PostgresNIO's
/// own description of an error prints every bound text value, and the server's message quotes them.
@Suite(.timeLimit(.minutes(1)))
struct ErrorLoggingTests {
    @Test func theLoggedDescriptionHasTheSQLStateAndStatementButNoValue() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let secret = "Nguyễn Thị Hoa 0912345678"
            var caught: (any Error)?
            do {
                // a uuid column given a text: the server's message quotes the value
                try await database.execute("""
                    SELECT id
                    FROM feedback_items
                    WHERE id = \(secret)::uuid
                    """, logger: TestDatabase.logger)
            } catch {
                caught = error
            }
            let error = try #require(caught)
            #expect(String(reflecting: error).contains("0912345678"), "what PostgresNIO would have logged")
            let logged = StoreError.logDescription(error)
            #expect(!logged.contains("0912345678") && !logged.contains("Hoa"), "\(logged)")
            #expect(logged.contains("SQLSTATE 22P02"))
            #expect(logged.contains("statement: SELECT id FROM feedback_items WHERE id = $1::uuid"))
        }
    }
}
