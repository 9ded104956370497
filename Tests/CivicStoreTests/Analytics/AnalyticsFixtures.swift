import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// What the analytics tests share: the shipped forms and units in a fresh database, responses
/// stored through the real write path, and an independent full scan to compare counts with.
enum AnalyticsFixtures {
    static let forms: [FormDefinition] = {
        let directory = TestDatabase.repositoryRoot.appendingPathComponent("Forms")
        guard let catalog = try? FormCatalog.load(directory: directory) else {
            fatalError("the shipped forms in \(directory.path) do not load")
        }
        return catalog.forms.values.sorted { $0.id < $1.id }
    }()

    static func form(_ id: String) -> FormDefinition {
        forms.first { $0.id == id }!
    }

    /// The sample units and the shipped forms, as `civicvoice demo` prepares a database.
    static func prepare(_ database: Database) async throws {
        try await SampleUnits.importInto(database)
        try await FormStore(database: database).synchronise(forms, logger: TestDatabase.logger)
    }

    /// Migrates `database` up to, not including, the migration named `name` (a test of that
    /// migration over data in service), and returns every migration.
    static func migrate(_ database: Database, upTo name: String) async throws -> [Migration] {
        let all = try Migration.load(directory: TestDatabase.migrationsDirectory)
        let migration = try #require(all.first { $0.name == name })
        try await MigrationRunner(database: database, migrations: all.filter { $0.version < migration.version })
            .migrate(logger: TestDatabase.logger)
        return all
    }

    /// Makes the monthly partitions of responses from `first` through `last` (`YYYY-MM`), as the
    /// server's job makes them ahead (Migrations/0025); returns how many were made.
    @discardableResult
    static func makePartitions(_ database: Database, _ first: String, _ last: String) async throws -> Int {
        try await ResponsePartitions(database: database)
            .create(from: YearMonth(first)!.firstDay.startInVietnam, through: YearMonth(last)!.firstDay.startInVietnam,
                    logger: TestDatabase.logger)
    }

    static func unitID(_ code: String, in database: Database) async throws -> Int64 {
        try await database.query("SELECT id FROM units WHERE code = \(code)", logger: TestDatabase.logger) {
            try $0.decode(Int64.self)
        }.first!
    }

    /// What every compactor so far did to the per-question rollups (Migrations/0004): the tests of
    /// a migration over rollups in service fill them from a scan, as a compactor of that version left
    /// them, before migrating on.
    static let questionRollupsFromScan: [PostgresQuery] = [
        """
        INSERT INTO satisfaction_daily (day, unit_id, form_id, form_version, question_id, language, channel,
                                        satisfied, answered)
        SELECT day, unit_id, form_id, form_version, question_id, language, channel,
               count(*) FILTER (WHERE satisfied), count(*)
        FROM scored_answers
        GROUP BY day, unit_id, form_id, form_version, question_id, language, channel
        """,
        """
        INSERT INTO satisfaction_halfmonthly (half_start, unit_id, form_id, form_version, question_id,
                                              satisfied, answered)
        SELECT half_month_start(day), unit_id, form_id, form_version, question_id,
               count(*) FILTER (WHERE satisfied), count(*)
        FROM scored_answers
        GROUP BY half_month_start(day), unit_id, form_id, form_version, question_id
        """,
    ]

    /// Every rollup as a compactor of an earlier version left it: the per-question rollups, then the
    /// response and summary rollups with the counts that version kept (`responseDaily`,
    /// `responseHalves`, `summary`: column names of `response_summaries`), filled from a scan; and
    /// the queue emptied. For the tests of a migration over rollups in service.
    static func rollupsFromScan(responseDaily: [String], responseHalves: [String], summary: [String]) -> [PostgresQuery] {
        func columns(_ names: [String]) -> String { names.map { ", \($0)" }.joined() }
        func sums(_ names: [String]) -> String { names.map { ", sum(\($0))" }.joined() }
        return questionRollupsFromScan + [
            """
            INSERT INTO response_daily (day, unit_id, form_id, form_version, language, channel, responses\(unescaped: columns(responseDaily)))
            SELECT day, unit_id, form_id, form_version, language, channel, count(*)\(unescaped: sums(responseDaily))
            FROM response_summaries
            GROUP BY day, unit_id, form_id, form_version, language, channel
            """,
            """
            INSERT INTO response_halfmonthly (half_start, unit_id, form_id, form_version, language, channel,
                                              responses\(unescaped: columns(responseHalves)))
            SELECT half_month_start(day), unit_id, form_id, form_version, language, channel,
                   count(*)\(unescaped: sums(responseHalves))
            FROM response_summaries
            GROUP BY half_month_start(day), unit_id, form_id, form_version, language, channel
            """,
            """
            INSERT INTO summary_daily (day, unit_id, form_id, form_version, responses\(unescaped: columns(summary)))
            SELECT day, unit_id, form_id, form_version, count(*)\(unescaped: sums(summary))
            FROM response_summaries
            GROUP BY day, unit_id, form_id, form_version
            """,
            """
            INSERT INTO summary_halfmonthly (half_start, unit_id, form_id, form_version, responses\(unescaped: columns(summary)))
            SELECT half_month_start(day), unit_id, form_id, form_version, count(*)\(unescaped: sums(summary))
            FROM response_summaries
            GROUP BY half_month_start(day), unit_id, form_id, form_version
            """,
            "DELETE FROM response_count_queue",
        ]
    }

    /// 2026-03-31T17:30:00Z and the like: an instant from its ISO 8601 text.
    static func instant(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    /// Stores one response through ``ResponseStore/insert(_:logger:)``.
    @discardableResult
    static func submit(_ database: Database, form: String = "sipas", unitID: Int64?, answers: [String: Int],
                       language: String = "vi", channel: String = "web", dossier: String? = nil,
                       at instant: Date? = nil) async throws -> UUID {
        var fields = answers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        if let dossier { fields.append("\"dossier_code\": \"\(dossier)\"") }
        let id = UUID()
        let outcome = try await ResponseStore(database: database).insert(
            .init(id: id, formID: form, formVersion: 1, unitID: unitID, language: language, channel: channel,
                  dossierCode: dossier, answersJSON: "{" + fields.joined(separator: ", ") + "}",
                  contentDigest: id.uuidString, submittedAt: instant),
            logger: TestDatabase.logger)
        precondition(outcome == .created)
        return id
    }

    /// Stores one response as the write path did at the early schemas (the response and its id in
    /// the queue, one statement), for tests that start from a database at an old migration: today's
    /// write path also fills tables of later migrations (`dossier_ratings`, 0012)
    /// (and `response_ids` and the queue's `submitted_at`, 0025).
    @discardableResult
    static func submitAtEarlySchema(_ database: Database, unitID: Int64?, answers: [String: Int], language: String = "vi",
                                    at instant: Date) async throws -> UUID {
        let answersJSON = "{" + answers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
            .joined(separator: ", ") + "}"
        let id = UUID()
        try await database.execute("""
            WITH inserted AS (
                INSERT INTO responses (id, form_id, form_version, unit_id, language, channel, answers, content_digest,
                                       submitted_at)
                VALUES (\(id), 'sipas', 1, \(unitID), \(language), 'web', \(answersJSON)::jsonb, \(id.uuidString),
                        \(instant))
                RETURNING id
            )
            INSERT INTO response_count_queue (response_id)
            SELECT id
            FROM inserted
            """, logger: TestDatabase.logger)
        return id
    }

    /// Stores one response as the write path did at 0025 (response partitions) to 0028: its id,
    /// the response, its dossier rating and its place in the queue, one statement. For tests that
    /// start from a database of those schemas: today's write path also fills tables of later
    /// migrations (`webhook_deliveries`, 0029).
    @discardableResult
    static func submitAtPartitionedSchema(_ database: Database, form: String = "sipas", unitID: Int64?,
                                          answers: [String: Int], dossier: String? = nil,
                                          at instant: Date) async throws -> UUID {
        var fields = answers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        if let dossier { fields.append("\"dossier_code\": \"\(dossier)\"") }
        let answersJSON = "{" + fields.joined(separator: ", ") + "}"
        let id = UUID()
        try await database.execute("""
            WITH claimed AS (
                INSERT INTO response_ids (id, submitted_at, content_digest)
                VALUES (\(id), \(instant), \(id.uuidString))
                RETURNING id
            ), inserted AS (
                INSERT INTO responses
                    (id, form_id, form_version, unit_id, language, channel, dossier_code, answers, content_digest,
                     submitted_at)
                SELECT c.id, \(form), 1, \(unitID), 'vi', 'web', \(dossier), \(answersJSON)::jsonb, \(id.uuidString),
                       \(instant)
                FROM claimed c
                RETURNING id, form_id, form_version, dossier_code, submitted_at
            ), rated AS (
                INSERT INTO dossier_ratings (form_id, form_version, dossier_code, response_id)
                SELECT form_id, form_version, dossier_code, id
                FROM inserted
                WHERE dossier_code IS NOT NULL
            )
            INSERT INTO response_count_queue (response_id, submitted_at)
            SELECT id, submitted_at
            FROM inserted
            """, logger: TestDatabase.logger)
        return id
    }

    /// Every sipas scale question answered with `value`.
    static func sipasAnswers(_ value: Int) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: form("sipas").scoredQuestions.map { ($0.questionID, value) })
    }

    /// One row of the full scan: counts per day, unit, form version, question, language and channel.
    struct ScanRow: Hashable, Sendable {
        let day: String
        let unitID: Int64?
        let formID: String
        let version: Int
        let questionID: String
        let language: String
        let channel: String
        let satisfied: Int
        let answered: Int
    }

    /// The full scan, written independently of the store: every answer of every response
    /// (`jsonb_each`), joined with its scale question, satisfied when its value is one the scale
    /// declares satisfied, on the Vietnamese day of the submission.
    static func fullScan(_ database: Database) async throws -> Set<ScanRow> {
        Set(try await patient(database).query("""
            SELECT to_char(timezone('Asia/Ho_Chi_Minh', r.submitted_at), 'YYYY-MM-DD'),
                   r.unit_id,
                   r.form_id,
                   r.form_version,
                   a.key,
                   r.language,
                   r.channel,
                   count(*) FILTER (WHERE (a.value #>> '{}')::int = ANY (q.satisfied_values)),
                   count(*)
            FROM responses r
            CROSS JOIN LATERAL jsonb_each(r.answers) AS a (key, value)
            JOIN form_questions q ON q.form_id = r.form_id AND q.version = r.form_version AND q.question_id = a.key
            WHERE q.question_type = 'scale'
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """, logger: TestDatabase.logger) { row in
            let (day, unit, form, version, question, language, channel, satisfied, answered) =
                try row.decode((String, Int64?, String, Int, String, String, String, Int, Int).self)
            return ScanRow(day: day, unitID: unit, formID: form, version: version, questionID: question,
                           language: language, channel: channel, satisfied: satisfied, answered: answered)
        })
    }

    /// The kept daily counts (rollup plus what is still queued), in the scan's shape.
    static func keptDaily(_ database: Database) async throws -> Set<ScanRow> {
        Set(try await patient(database).query("""
            SELECT to_char(day, 'YYYY-MM-DD'), unit_id, form_id, form_version, question_id, language, channel,
                   sum(satisfied)::int8, sum(answered)::int8
            FROM (
                SELECT day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered
                FROM satisfaction_daily
                UNION ALL
                SELECT s.day, s.unit_id, s.form_id, s.form_version, s.question_id, s.language, s.channel,
                       CASE WHEN s.satisfied THEN 1 ELSE 0 END, 1
                FROM scored_answers s
                WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM response_count_queue))
            ) c
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """, logger: TestDatabase.logger) { row in
            let (day, unit, form, version, question, language, channel, satisfied, answered) =
                try row.decode((String, Int64?, String, Int, String, String, String, Int, Int).self)
            return ScanRow(day: day, unitID: unit, formID: form, version: version, questionID: question,
                           language: language, channel: channel, satisfied: satisfied, answered: answered)
        })
    }

    /// The same pool with a deadline for whole-table reads (a loaded test machine is slow).
    static func patient(_ database: Database) -> Database {
        database.with(deadline: .seconds(120))
    }

    /// Responses still queued for the compactor.
    static func queued(_ database: Database) async throws -> Int {
        try await database.query("SELECT count(*) FROM response_count_queue", logger: TestDatabase.logger) {
            try $0.decode(Int.self)
        }.first!
    }
}
