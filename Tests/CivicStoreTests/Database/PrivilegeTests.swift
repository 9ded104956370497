import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// The grants of the server's role (0009_application_role.sql) over every table of the migrated
/// schema, so that a table added by a later migration is caught if it is not granted, or if it is
/// append-only and the server could still change or remove its rows.
@Suite(.timeLimit(.minutes(2)))
struct PrivilegeTests {
    struct TablePrivileges: Sendable {
        let table: String
        let appendOnly: Bool
        let select, insert, update, delete, truncate, references, trigger, owns: Bool
    }

    static func privileges(_ database: Database) async throws -> [TablePrivileges] {
        let role = TestDatabase.applicationRole
        return try await database.query("""
            SELECT c.relname,
                   EXISTS (SELECT 1
                           FROM pg_trigger t
                           JOIN pg_proc p ON p.oid = t.tgfoid
                           WHERE t.tgrelid = c.oid AND right(p.proname, 14) = '_refuse_change'),
                   has_table_privilege(\(role)::name, c.oid, 'SELECT'),
                   has_table_privilege(\(role)::name, c.oid, 'INSERT'),
                   has_table_privilege(\(role)::name, c.oid, 'UPDATE'),
                   has_table_privilege(\(role)::name, c.oid, 'DELETE'),
                   has_table_privilege(\(role)::name, c.oid, 'TRUNCATE'),
                   has_table_privilege(\(role)::name, c.oid, 'REFERENCES'),
                   has_table_privilege(\(role)::name, c.oid, 'TRIGGER'),
                   pg_has_role(\(role)::name, c.relowner, 'USAGE')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
            ORDER BY c.relname
            """, logger: TestDatabase.logger) { row in
            let (table, appendOnly, select, insert, update, delete, truncate, references, trigger, owns) =
                try row.decode((String, Bool, Bool, Bool, Bool, Bool, Bool, Bool, Bool, Bool).self)
            return TablePrivileges(table: table, appendOnly: appendOnly, select: select, insert: insert, update: update,
                                   delete: delete, truncate: truncate, references: references, trigger: trigger, owns: owns)
        }
    }

    @Test func theServersRoleReadsAndWritesRowsAndNothingMore() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let tables = try await Self.privileges(database)
            #expect(tables.count >= 20, "\(tables.map(\.table))")
            #expect(Set(tables.filter(\.appendOnly).map(\.table)).isSuperset(of: ["audit_log", "feedback_events", "plan_values"]))
            for table in tables {
                #expect(table.select, "\(table.table): the server cannot read it")
                #expect(!table.owns, "\(table.table): owned by the server's role")
                #expect(!table.truncate && !table.references && !table.trigger, "\(table.table): TRUNCATE, REFERENCES or TRIGGER")
                if table.appendOnly {
                    #expect(table.insert && !table.update && !table.delete, "\(table.table) is append-only")
                } else if table.table == "schema_migrations" {
                    #expect(!table.insert && !table.update && !table.delete, "the server cannot mark a migration applied")
                }
            }
            let links = try #require(tables.first { $0.table == "password_links" })
            #expect(links.insert && links.update && !links.delete, "a one-time link is used up, never removed")
            let schema = try await database.query("""
                SELECT has_schema_privilege(\(TestDatabase.applicationRole)::name, 'public', 'CREATE'),
                       (SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = \(TestDatabase.applicationRole))
                """, logger: TestDatabase.logger) { try $0.decode((Bool, Bool).self) }
            #expect(schema.first?.0 == false, "the server may create tables")
            #expect(schema.first?.1 == false, "the server's role is privileged")
        }
    }

    @Test func aTableThatALaterMigrationCreatesIsGrantedWithoutAskingForIt() async throws {
        try await TestDatabase.withMigratedDatabase { database, url in
            // act: what a later migration does, as the owner that runs migrations
            let owner = Database(url: TestDatabase.url(url, as: TestDatabase.ownerRole), maximumConnections: 1,
                                 deadline: .seconds(30), logger: TestDatabase.logger)
            try await owner.whileRunning {
                try await owner.execute("CREATE TABLE later_table (id bigint GENERATED ALWAYS AS IDENTITY, note text)",
                                        logger: TestDatabase.logger)
            }
            // validate
            let later = try #require(try await Self.privileges(database).first { $0.table == "later_table" })
            #expect(later.select && later.insert && later.update && later.delete)
            #expect(!later.truncate && !later.trigger && !later.owns)
        }
    }
}
