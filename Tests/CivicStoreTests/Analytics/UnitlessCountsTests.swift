import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// Responses and PAKN items that name no unit count once: at the root of the tree, in a unit whose
/// subtree covers the whole register, and in the breakdown row "" (issue 11).
@Suite(.timeLimit(.minutes(3)))
struct UnitlessCountsTests {
    typealias F = AnalyticsFixtures

    /// A PAKN item received on `day`, naming `unit` (nil: none), left as received.
    static func storeItem(_ database: Database, unit: Int64?, day: String, number: Int) async throws {
        let id = UUID()
        try await database.execute("""
            INSERT INTO feedback_items
                (id, tracking_code, received_on, daily_sequence, form_id, form_version, category, title, content,
                 unit_id, language, channel, search_key, content_digest, state)
            VALUES
                (\(id), \("PAKN.UNITLESS.\(number)"), \(day)::date, \(number + 1), 'pakn', 1, 'procedure',
                 'Tiêu đề', 'Nội dung', \(unit), 'vi', 'open311', 'tieu de noi dung', \(id.uuidString), 'received')
            """, logger: TestDatabase.logger)
    }

    @Test func whatNamesNoUnitCountsAtTheRootOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: 3 sipas responses at a department, 2 naming no unit; PAKN 1 and 2 the same way.
            try await F.prepare(database)
            let departmentID = try await F.unitID("LC.SNV", in: database)
            for index in 0..<5 {
                try await F.submit(database, unitID: index < 3 ? departmentID : nil, answers: F.sipasAnswers(index < 3 ? 5 : 2),
                                   at: F.instant("2026-02-1\(index)T03:00:00Z"))
            }
            for index in 0..<3 {
                try await Self.storeItem(database, unit: index < 1 ? departmentID : nil, day: "2026-02-1\(index)", number: index)
            }
            let analytics = AnalyticsStore(database: database)
            let q1 = try ReportingPeriod(parsing: "2026-Q1")
            let today = CalendarDate("2026-03-20")!

            // act
            let everything = try await analytics.satisfaction(period: q1, formID: "sipas", logger: TestDatabase.logger)
            let province = try await analytics.satisfaction(period: q1, unitCode: "LC", formID: "sipas", breakdown: .unit,
                                                            logger: TestDatabase.logger)
            let department = try await analytics.satisfaction(period: q1, unitCode: "LC.SNV", formID: "sipas",
                                                              logger: TestDatabase.logger)

            // validate: the province (the register's only root in 2026) counts all five, as the whole
            // service does; the unit-less two make the row ""; the department counts its own three.
            #expect(everything.respondents == 5)
            #expect(province.respondents == 5 && province.pooled == everything.pooled)
            #expect(province.rows.first { $0.key == "" }?.respondents == 2)
            #expect(province.rows.reduce(0) { $0 + ($1.respondents ?? 0) } == 5, "each response in one row")
            #expect(department.respondents == 3)
            #expect(try await analytics.coversRegister(unitCode: "LC", first: q1.dateRange().first,
                                                       last: q1.dateRange().last, logger: TestDatabase.logger))
            #expect(try await !analytics.coversRegister(unitCode: "LC.SNV", first: q1.dateRange().first,
                                                        last: q1.dateRange().last, logger: TestDatabase.logger))
            // In 2024 the register had two roots (Lào Cai, and Yên Bái until it merged into Lào Cai in
            // 2025): Lào Cai's 2024 figure takes Yên Bái in, so it still covers the register; Yên Bái's does not.
            let y2024 = try ReportingPeriod(parsing: "2024")
            #expect(try await analytics.coversRegister(unitCode: "LC", first: y2024.dateRange().first,
                                                       last: y2024.dateRange().last, logger: TestDatabase.logger))
            #expect(try await !analytics.coversRegister(unitCode: "YB", first: y2024.dateRange().first,
                                                        last: y2024.dateRange().last, logger: TestDatabase.logger))

            // PAKN: the same rule, and the unit-less scope alone.
            func received(_ scope: UnitScope) async throws -> Int {
                try await analytics.feedbackCounts(period: q1, scope: scope, today: today, calendar: .weekendsOnly,
                                                   logger: TestDatabase.logger).received
            }
            #expect(try await received(.everything) == 3)
            #expect(try await received(.unit("LC")) == 3)
            #expect(try await received(.unit("LC.SNV")) == 1)
            #expect(try await received(.unitless) == 2)
            let qd766 = try await analytics.qd766Counts(period: q1, scope: .unitless, logger: TestDatabase.logger)
            #expect(qd766.pakn == 2)
        }
    }

    @Test func elementsCountOneFormWhenFormsArePooled() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: sipas all satisfied; dossier ratings (with result, civil servant and procedure
            // questions of their own) all dissatisfied.
            try await F.prepare(database)
            let unit = try await F.unitID("LC.SNV", in: database)
            for index in 0..<4 {
                try await F.submit(database, unitID: unit, answers: F.sipasAnswers(5), at: F.instant("2026-02-1\(index)T03:00:00Z"))
            }
            let rating = F.form("dossier-rating")
            for index in 0..<3 {
                let answers = Dictionary(uniqueKeysWithValues: rating.scoredQuestions.map { ($0.questionID, 1) })
                try await F.submit(database, form: "dossier-rating", unitID: unit, answers: answers,
                                   dossier: "000.00.10.H37-260210-\(index)", at: F.instant("2026-02-1\(index)T04:00:00Z"))
            }
            let analytics = AnalyticsStore(database: database)
            let q1 = try ReportingPeriod(parsing: "2026-Q1")

            // act
            let pooled = try await analytics.satisfaction(period: q1, unitCode: "LC", elementsFormID: "sipas",
                                                          logger: TestDatabase.logger)
            let sipas = try await analytics.satisfaction(period: q1, unitCode: "LC", formID: "sipas", logger: TestDatabase.logger)

            // validate: the pool mixes both forms and says which; the elements are sipas's alone.
            #expect(pooled.respondents == 7 && pooled.forms == ["dossier-rating", "sipas"])
            #expect(pooled.pooled.satisfied == sipas.pooled.satisfied && pooled.pooled.answered > sipas.pooled.answered)
            #expect(pooled.elements == sipas.elements)
            #expect(pooled.elements.values.allSatisfy { $0.satisfied == $0.answered })
        }
    }
}
