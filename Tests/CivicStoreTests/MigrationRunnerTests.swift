import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite(.timeLimit(.minutes(2)))
struct MigrationRunnerTests {
    /// A migrations directory of its own, so tests can edit files without touching the repository's.
    func makeDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static let tricky = """
        -- semicolons in strings, comments and dollar-quoted bodies must not split statements
        CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);
        INSERT INTO notes VALUES (1, 'one; two'), (2, E'it\\'s; fine'), (3, 'say ''hi''; bye');
        /* a block; comment */
        CREATE FUNCTION note_count() RETURNS bigint AS $$
        BEGIN
            RETURN (SELECT count(*) FROM notes); -- inside the body;
        END;
        $$ LANGUAGE plpgsql;
        CREATE FUNCTION tagged() RETURNS text AS $fn$ SELECT 'a;$$;b'::text $fn$ LANGUAGE sql;
        """

    @Test func freshApplyThenRerunIsANoOp() async throws {
        let directory = try makeDirectory([
            "0001_notes.sql": Self.tricky,
            "0002_more.sql": "ALTER TABLE notes ADD COLUMN tag text;",
        ])
        try await TestDatabase.withEmptyDatabase { database, _ in
            // setup
            let runner = MigrationRunner(database: database, migrations: try Migration.load(directory: directory))

            // act
            let first = try await runner.migrate(logger: TestDatabase.logger)
            let second = try await runner.migrate(logger: TestDatabase.logger)

            // validate
            #expect(first.map(\.label) == ["0001_notes", "0002_more"])
            #expect(second.isEmpty)
            let rows = try await database.query(
                "SELECT note_count(), tagged(), (SELECT string_agg(body, '|' ORDER BY id) FROM notes)",
                logger: TestDatabase.logger
            ) { try $0.decode((Int, String, String).self) }
            #expect(rows.first?.0 == 3)
            #expect(rows.first?.1 == "a;$$;b")
            #expect(rows.first?.2 == "one; two|it's; fine|say 'hi'; bye")
            let status = try await runner.status(logger: TestDatabase.logger)
            #expect(status.pending.isEmpty)
            #expect(status.applied.map(\.name) == ["notes", "more"])
        }
    }

    @Test func dryRunListsPendingAndChangesNothing() async throws {
        let directory = try makeDirectory(["0001_notes.sql": "CREATE TABLE notes (id int);"])
        try await TestDatabase.withEmptyDatabase { database, _ in
            let runner = MigrationRunner(database: database, migrations: try Migration.load(directory: directory))
            let pending = try await runner.migrate(dryRun: true, logger: TestDatabase.logger)
            #expect(pending.map(\.label) == ["0001_notes"])
            let exists = try await database.query(
                "SELECT to_regclass('notes') IS NOT NULL, to_regclass('schema_migrations') IS NOT NULL",
                logger: TestDatabase.logger
            ) { try $0.decode((Bool, Bool).self) }
            #expect(exists.first?.0 == false)
            #expect(exists.first?.1 == false)
        }
    }

    @Test func editedMigrationIsRefusedByName() async throws {
        let directory = try makeDirectory(["0001_notes.sql": "CREATE TABLE notes (id int);"])
        try await TestDatabase.withEmptyDatabase { database, _ in
            try await MigrationRunner(database: database, migrations: try Migration.load(directory: directory))
                .migrate(logger: TestDatabase.logger)
            // act: someone edits the applied file
            try "CREATE TABLE notes (id bigint);".write(
                to: directory.appendingPathComponent("0001_notes.sql"), atomically: true, encoding: .utf8)
            let runner = MigrationRunner(database: database, migrations: try Migration.load(directory: directory))
            // validate
            await #expect {
                try await runner.migrate(logger: TestDatabase.logger)
            } throws: { error in
                guard case MigrationError.changedAfterApply(let name, _, _)? = error as? MigrationError else { return false }
                return name == "0001_notes" && "\(error)".contains("0001_notes.sql was changed after it was applied")
            }
        }
    }

    @Test func failingStatementRollsBackItsMigrationAndNamesIt() async throws {
        let directory = try makeDirectory([
            "0001_ok.sql": "CREATE TABLE a (id int);",
            "0002_bad.sql": "CREATE TABLE b (id int);\nINSERT INTO missing VALUES (1);",
        ])
        try await TestDatabase.withEmptyDatabase { database, _ in
            let runner = MigrationRunner(database: database, migrations: try Migration.load(directory: directory))
            await #expect {
                try await runner.migrate(logger: TestDatabase.logger)
            } throws: { error in
                guard case MigrationError.statementFailed(let name, let line, let message)? = error as? MigrationError
                else { return false }
                return name == "0002_bad" && line == 2 && message.contains("missing")
            }
            let tables = try await database.query(
                "SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NOT NULL, (SELECT count(*) FROM schema_migrations)",
                logger: TestDatabase.logger
            ) { try $0.decode((Bool, Bool, Int).self) }
            #expect(tables.first?.0 == true)
            #expect(tables.first?.1 == false)
            #expect(tables.first?.2 == 1)
        }
    }

    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        // A migration that fails if run twice (no IF NOT EXISTS) and takes a moment, so runners overlap.
        let directory = try makeDirectory([
            "0001_slow.sql": "CREATE TABLE once (id int); SELECT pg_sleep(0.3);",
            "0002_second.sql": "CREATE TABLE twice (id int);",
        ])
        try await TestDatabase.withEmptyDatabase { database, _ in
            let migrations = try Migration.load(directory: directory)
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await MigrationRunner(database: database, migrations: migrations)
                            .migrate(logger: TestDatabase.logger).map(\.label)
                    }
                }
                var all: [String] = []
                for try await labels in group { all += labels }
                return all
            }
            #expect(applied.sorted() == ["0001_slow", "0002_second"])
            let count = try await database.query("SELECT count(*) FROM schema_migrations", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            #expect(count == [2])
        }
    }

    @Test func repositoryMigrationsApplyToAnEmptyDatabase() async throws {
        try await TestDatabase.withEmptyDatabase { database, _ in
            let runner = MigrationRunner(database: database,
                                         migrations: try Migration.load(directory: TestDatabase.migrationsDirectory))
            let applied = try await runner.migrate(logger: TestDatabase.logger)
            #expect(!applied.isEmpty)
            #expect(try await runner.status(logger: TestDatabase.logger).pending.isEmpty)
        }
    }

    @Test(arguments: [
        ("1_short.sql", MigrationError.badFileName("1_short.sql")),
        ("0000_zero.sql", MigrationError.badFileName("0000_zero.sql")),
        ("0001.sql", MigrationError.badFileName("0001.sql")),
    ])
    func badFileNamesAreRefused(name: String, expected: MigrationError) throws {
        let directory = try makeDirectory([name: "SELECT 1;"])
        #expect(throws: expected) { try Migration.load(directory: directory) }
    }

    @Test func duplicateVersionsAreRefused() throws {
        let directory = try makeDirectory(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"])
        #expect(throws: MigrationError.duplicateVersion(1, "0001_a", "0001_b.sql")) {
            try Migration.load(directory: directory)
        }
    }
}
