import CivicCore
import Testing

@Suite struct SQLStatementSplitterTests {
    @Test func splitsOnSemicolonsAndDropsEmptyStatements() throws {
        let statements = try SQLStatementSplitter.split("CREATE TABLE a (x int);\n\n;  ;\nCREATE TABLE b (y int)")
        #expect(statements.map(\.sql) == ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)"])
        #expect(statements.map(\.line) == [1, 4])
    }

    @Test func keepsSemicolonsInsideStringsAndIdentifiers() throws {
        let sql = """
            INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\'slash;');
            CREATE TABLE "odd;name" ("col;""x" int);
            """
        let statements = try SQLStatementSplitter.split(sql)
        #expect(statements.count == 2)
        #expect(statements[0].sql == "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\'slash;')")
        #expect(statements[1].sql == "CREATE TABLE \"odd;name\" (\"col;\"\"x\" int)")
    }

    @Test func ignoresSemicolonsInComments() throws {
        let sql = """
            -- a comment; with a semicolon
            SELECT 1; /* block; /* nested; */ still comment; */ SELECT 2;
            -- only a comment;
            """
        let statements = try SQLStatementSplitter.split(sql)
        #expect(statements.map(\.sql) == [
            "-- a comment; with a semicolon\nSELECT 1",
            "/* block; /* nested; */ still comment; */ SELECT 2",
        ])
        #expect(statements.map(\.line) == [2, 2])
    }

    @Test func keepsDollarQuotedBodiesWhole() throws {
        let sql = """
            CREATE FUNCTION f() RETURNS int AS $$
            BEGIN
              PERFORM 1; RETURN 2;
            END;
            $$ LANGUAGE plpgsql;
            CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x;$$;'::text $body$ LANGUAGE sql;
            PREPARE p AS SELECT $1::int;
            """
        let statements = try SQLStatementSplitter.split(sql)
        #expect(statements.count == 3)
        #expect(statements[0].sql.hasSuffix("$$ LANGUAGE plpgsql"))
        #expect(statements[0].sql.contains("PERFORM 1; RETURN 2;"))
        #expect(statements[1].sql == "CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x;$$;'::text $body$ LANGUAGE sql")
        #expect(statements[2].sql == "PREPARE p AS SELECT $1::int")
        #expect(statements.map(\.line) == [1, 6, 7])
    }

    @Test(arguments: [
        ("SELECT 'open", "string", 1),
        ("SELECT 1;\nSELECT \"open", "quoted identifier", 2),
        ("SELECT 1 /* open", "block comment", 1),
        ("DO $$ BEGIN", "dollar-quoted body $$", 1),
    ])
    func refusesUnterminatedConstructs(sql: String, construct: String, line: Int) {
        #expect(throws: SQLStatementSplitter.UnterminatedError(construct: construct, line: line)) {
            try SQLStatementSplitter.split(sql)
        }
    }
}
