import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// PAKN counts, QĐ 766 counts, targets and the export, on small fixtures.
@Suite(.timeLimit(.minutes(3)))
struct AnalyticsStoreTests {
    typealias F = AnalyticsFixtures

    /// A PAKN item written as the workflow would have left it.
    struct Item {
        var unit: String = "LC.SNV"
        var assigned: String?
        var received: String = "2026-01-05"
        var state: String
        var resolution: String?
        var accepted: String?
        var due: String?
        var handled: String?
        var rating: Bool?
    }

    func store(_ items: [Item], in database: Database) async throws {
        for (number, item) in items.enumerated() {
            let unit = try await F.unitID(item.unit, in: database)
            let assigned: Int64? = if let code = item.assigned { try await F.unitID(code, in: database) } else { nil }
            let id = UUID()
            try await database.execute("""
                INSERT INTO feedback_items
                    (id, tracking_code, received_on, daily_sequence, form_id, form_version, category, title, content,
                     unit_id, language, channel, search_key, content_digest, state, assigned_unit_id, accepted_on,
                     due_on, handled_on, resolution)
                VALUES
                    (\(id), \("PAKN.TEST.\(number)"), \(item.received)::date, \(number + 1), 'pakn', 1, 'procedure',
                     'Tiêu đề', 'Nội dung', \(unit), 'vi', 'web', 'tieu de noi dung', \(id.uuidString), \(item.state),
                     \(assigned), \(item.accepted)::date, \(item.due)::date, \(item.handled)::date, \(item.resolution))
                """, logger: TestDatabase.logger)
            if let rating = item.rating {
                try await database.execute("""
                    INSERT INTO feedback_ratings (item_id, satisfied)
                    VALUES (\(id), \(rating))
                    """, logger: TestDatabase.logger)
            }
        }
    }

    static let items: [Item] = [
        // Resolved in 4 working days, on time, rated satisfied.
        Item(state: "resolved", resolution: "resolved", accepted: "2026-01-05", due: "2026-01-12",
             handled: "2026-01-09", rating: true),
        // Forwarded late, in 5 working days (a weekend between), rated not satisfied.
        Item(state: "forwarded", resolution: "forwarded", accepted: "2026-01-05", due: "2026-01-07",
             handled: "2026-01-12", rating: false),
        // Resolved and published, next working day.
        Item(received: "2026-02-02", state: "published", resolution: "resolved", accepted: "2026-02-02",
             due: "2026-02-10", handled: "2026-02-03"),
        // Open past its due date, open within it, not yet triaged.
        Item(received: "2026-03-01", state: "in_progress", accepted: "2026-03-02", due: "2026-03-10"),
        Item(received: "2026-03-02", state: "assigned", accepted: "2026-03-02", due: "2026-03-25"),
        Item(received: "2026-03-05", state: "received"),
        // A complaint: out of scope.
        Item(received: "2026-03-06", state: "out_of_scope"),
        // Another unit's item, and one named for another unit but assigned here.
        Item(unit: "LC.STP", state: "resolved", resolution: "resolved", accepted: "2026-01-05", due: "2026-01-20",
             handled: "2026-01-06"),
        Item(unit: "LC.STP", assigned: "LC.SNV", received: "2026-03-10", state: "accepted", accepted: "2026-03-10",
             due: "2026-03-30"),
        // Received on 20 December 2025: in the cut-off Q1 (from 15 December), not the calendar one.
        Item(received: "2025-12-20", state: "resolved", resolution: "resolved", accepted: "2025-12-22",
             due: "2025-12-31", handled: "2025-12-23"),
    ]

    @Test func feedbackCountsDescribeOneCohort() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            try await F.prepare(database)
            try await store(Self.items, in: database)
            let analytics = AnalyticsStore(database: database)
            let q1 = try ReportingPeriod(parsing: "2026-Q1")
            let today = CalendarDate("2026-03-20")!

            // act
            let counts = try await analytics.feedbackCounts(period: q1, unitCode: "LC.SNV", today: today,
                                                            calendar: .weekendsOnly, logger: TestDatabase.logger)

            // validate
            #expect(counts.received == 8)
            #expect(counts.outOfScope == 1)
            #expect(counts.resolved == 2)
            #expect(counts.forwarded == 1)
            #expect(counts.pending == 4)
            #expect(counts.overdue == 1)
            #expect(counts.handledOnTime == 2)
            #expect(counts.ratedSatisfied == 1)
            #expect(counts.ratedTotal == 2)
            #expect(counts.daysToHandle.sorted() == [1, 4, 5])
            let metrics = try counts.metrics()
            #expect(metrics.handledRate.rate == 3.0 / 7.0)
            #expect(metrics.medianDays == 4)
            // The cut-off quarter adds December's item; the province adds the other unit's.
            let cutoff = try await analytics.feedbackCounts(period: q1, convention: .cutoff, unitCode: "LC.SNV",
                                                            today: today, calendar: .weekendsOnly, logger: TestDatabase.logger)
            #expect(cutoff.received == 9)
            let province = try await analytics.feedbackCounts(period: q1, unitCode: "LC", today: today,
                                                              calendar: .weekendsOnly, logger: TestDatabase.logger)
            #expect(province.received == 9)
            #expect(province.resolved == 3)
            let everything = try await analytics.feedbackCounts(period: q1, today: today, calendar: .weekendsOnly,
                                                                logger: TestDatabase.logger)
            #expect(everything.received == 9)
        }
    }

    @Test func qd766CountsPaknAndRatedDossiers() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: PAKN as above; dossier ratings.
            try await F.prepare(database)
            try await store(Self.items, in: database)
            let unit = try await F.unitID("LC.SNV", in: database)
            let other = try await F.unitID("LC.STP", in: database)
            func rate(_ dossier: String, overall: Int, unitID: Int64? = unit) async throws {
                try await F.submit(database, form: "dossier-rating", unitID: unitID,
                                   answers: ["overall_service": overall, "on_time": 5, "attitude": 5], dossier: dossier,
                                   at: F.instant("2026-02-03T02:00:00Z"))
            }
            // A dossier is rated once per form version (DossierRatedOnceTests): D1's one rating is dissatisfied.
            try await rate("D1", overall: 2)
            try await rate("D2", overall: 4)
            try await rate("D3", overall: 1)
            try await rate("D4", overall: 1, unitID: other)
            let analytics = AnalyticsStore(database: database)

            // act
            let counts = try await analytics.qd766Counts(period: ReportingPeriod(parsing: "2026-Q1"), unitCode: "LC.SNV",
                                                         logger: TestDatabase.logger)

            // validate
            #expect(counts == QD766Counts(paknInScope: 7, paknHandledOnTime: 2, pakn: 7, paknDissatisfiedOrComplained: 1,
                                          dossiers: 3, dossiersDissatisfiedOrComplained: 2))
            let score = try counts.score()
            #expect(score.maxScore == 18)
            #expect(abs((score.score ?? 0) - (6.0 * 2 / 7 + 6.0 * 6 / 7 + 6.0 * 1 / 3)) < 1e-9)
            let province = try await analytics.qd766Counts(period: ReportingPeriod(parsing: "2026-Q1"), unitCode: "LC",
                                                           logger: TestDatabase.logger)
            #expect(province.dossiers == 4)
            #expect(province.dossiersDissatisfiedOrComplained == 3)
        }
    }

    @Test func targetsDefaultOverrideAndInheritance() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            try await F.prepare(database)
            let analytics = AnalyticsStore(database: database)
            let log = TestDatabase.logger
            let day = CalendarDate(year: 2026, month: 3, day: 31)!
            let from = YearMonth("2026-01")
            func target(_ unit: String?, _ form: String? = "sipas") async throws -> Double {
                try await analytics.target(unitCode: unit, formID: form, on: day, logger: log)
            }
            func set(_ value: Double?, _ unit: String?, _ form: String?) async throws {
                try await analytics.setTarget(value.map(AnalyticsStore.TargetChange.rate) ?? .remove, unitCode: unit,
                                              formID: form, from: from, by: SampleUnits.actor, logger: log)
            }

            // validate: 90% until something is set.
            #expect(try await target(nil) == 0.9)
            #expect(try await target("LC.SNV") == 0.9)
            // A default for every unit.
            try await set(0.85, nil, nil)
            #expect(try await target("LC.SNV") == 0.85)
            // The province's target reaches its departments.
            try await set(0.92, "LC", nil)
            #expect(try await target("LC.SNV") == 0.92)
            #expect(try await target("YB.SVHTTDL") == 0.85)
            // A form's target at a unit beats the unit's target for every form…
            try await set(0.95, "LC.SNV", "sipas")
            #expect(try await target("LC.SNV") == 0.95)
            #expect(try await target("LC.SNV", "dossier-rating") == 0.92)
            // …and the nearest unit beats a form's target further up.
            try await set(0.97, "LC", "dossier-rating")
            try await set(0.91, "LC.STP", nil)
            #expect(try await target("LC.STP", "dossier-rating") == 0.91)
            #expect(try await target("LC.SNV", "dossier-rating") == 0.97)
            let batch = try await analytics.targets(unitCodes: ["LC.SNV", "LC.STP", "LC.P-LAOCAI"], formID: "sipas", on: day,
                                                    logger: log)
            #expect(batch == ["LC.SNV": 0.95, "LC.STP": 0.91, "LC.P-LAOCAI": 0.92])
            // Removing falls back; settings are listed and audited.
            try await set(nil, "LC.SNV", "sipas")
            #expect(try await target("LC.SNV") == 0.92)
            #expect(try await analytics.targetSettings(logger: log).count == 4)
            let audited = try await AuditLog(database: database).recent(limit: 10, logger: log)
            #expect(audited.filter { $0.action == "targets.set" }.count == 6)
            await #expect(throws: AnalyticsQueryError.targetOutOfRange(1.5)) {
                try await set(1.5, nil, nil)
            }
            await #expect(throws: AnalyticsQueryError.unknownUnit("NOPE")) {
                try await set(0.9, "NOPE", nil)
            }
            await #expect(throws: AnalyticsQueryError.unknownForm("nope")) {
                try await set(0.9, nil, "nope")
            }
        }
    }

    @Test func aTargetAppliesFromItsMonthSoEarlierPeriodsKeepTheirs() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: LC's departments held to 85% from January 2026; LC.SNV raised to 95% from July,
            // then back to LC's from 2027.
            try await F.prepare(database)
            let analytics = AnalyticsStore(database: database)
            let log = TestDatabase.logger
            func set(_ change: AnalyticsStore.TargetChange, _ unit: String?, from month: String) async throws {
                try await analytics.setTarget(change, unitCode: unit, formID: nil, from: YearMonth(month),
                                              by: SampleUnits.actor, logger: log)
            }
            try await set(.rate(0.85), "LC", from: "2026-01")
            try await set(.rate(0.95), "LC.SNV", from: "2026-07")
            try await set(.inherit, "LC.SNV", from: "2027-01")
            func end(_ period: String) -> CalendarDate { ReportingPeriod(period)!.dateRange().last }

            // act: one query for every period's last day, as a report and its trend ask.
            let periods = ["2025", "2026-Q1", "2026-H1", "2026-Q3", "2026", "2027-Q1"]
            let table = try await analytics.targets(unitCodes: ["LC.SNV", "LC.STP"], formID: "sipas",
                                                    on: periods.map(end), logger: log)

            // validate: a period that ended before a change keeps the target it was reported with.
            #expect(periods.map { table.target("LC.SNV", on: end($0)) } == [0.9, 0.85, 0.85, 0.95, 0.95, 0.85])
            #expect(periods.map { table.target("LC.STP", on: end($0)) } == [0.9, 0.85, 0.85, 0.85, 0.85, 0.85])
            #expect(table.target(nil, on: end("2026")) == 0.9, "the default was never set")
            // The same through the one-unit lookup.
            #expect(try await analytics.target(unitCode: "LC.SNV", formID: "sipas", on: end("2026-Q3"), logger: log) == 0.95)
            // Setting the same month again replaces it, and the audit says what it replaced.
            try await set(.rate(0.96), "LC.SNV", from: "2026-07")
            #expect(try await analytics.target(unitCode: "LC.SNV", formID: nil, on: end("2026-Q3"), logger: log) == 0.96)
            let entry = try #require(try await AuditLog(database: database).recent(limit: 1, logger: log).first)
            #expect(entry.action == "targets.set" && entry.objectID == "LC.SNV/*/2026-07")
            #expect(entry.details == ["target": .string("0.9600"), "previous": .string("0.9500"),
                                      "effective_from": .string("2026-07")])
            // Removing the July setting (a mistake) gives those periods what applied without it.
            try await set(.remove, "LC.SNV", from: "2026-07")
            #expect(try await analytics.target(unitCode: "LC.SNV", formID: nil, on: end("2026-Q3"), logger: log) == 0.85)
            let settings = try await analytics.targetSettings(logger: log)
            #expect(settings.map { "\($0.unitCode ?? "*") \($0.effectiveFrom?.description ?? "*") \($0.target.map { "\($0)" } ?? "inherit")" }
                    == ["LC 2026-01 0.85", "LC.SNV 2027-01 inherit"])
        }
    }

    @Test func settingsMadeBeforeEffectivePeriodsKeepApplyingToEveryPeriod() async throws {
        try await TestDatabase.withEmptyDatabase { database, _ in
            // setup: a database just before the migration, with a default and a unit's target.
            let all = try await F.migrate(database, upTo: "target_effective_period")
            try await F.prepare(database)
            let unit = try await F.unitID("LC.SNV", in: database)
            try await database.execute("""
                INSERT INTO metric_targets (unit_id, form_id, target)
                VALUES (NULL, NULL, 0.8000), (\(unit), 'sipas', 0.9500)
                """, logger: TestDatabase.logger)

            // act
            try await MigrationRunner(database: database, migrations: all).migrate(logger: TestDatabase.logger)

            // validate: the figures of any period, past or to come, are held to the same targets.
            let analytics = AnalyticsStore(database: database)
            for text in ["1990-12-31", "2026-03-31", "2030-12-31"] {
                let day = try #require(CalendarDate(text))
                let table = try await analytics.targets(unitCodes: ["LC.SNV", "LC.STP"], formID: "sipas", on: [day],
                                                        logger: TestDatabase.logger)
                #expect(table.target("LC.SNV", on: day) == 0.95 && table.target("LC.STP", on: day) == 0.8)
            }
            let settings = try await analytics.targetSettings(logger: TestDatabase.logger)
            #expect(settings.count == 2 && settings.allSatisfy { $0.effectiveFrom == nil })
            // A later setting applies from its month only.
            try await analytics.setTarget(.rate(0.9), unitCode: nil, formID: nil, from: YearMonth("2026-04"),
                                          by: SampleUnits.actor, logger: TestDatabase.logger)
            #expect(try await analytics.target(unitCode: "LC.STP", formID: nil, on: CalendarDate("2026-03-31")!,
                                               logger: TestDatabase.logger) == 0.8)
            #expect(try await analytics.target(unitCode: "LC.STP", formID: nil, on: CalendarDate("2026-06-30")!,
                                               logger: TestDatabase.logger) == 0.9)
            // A month that is not a 1st is refused by the database too.
            var refused = false
            do {
                try await database.execute("""
                    INSERT INTO metric_targets (unit_id, form_id, effective_from, target)
                    VALUES (NULL, 'sipas', '2026-05-15', 0.9)
                    """, logger: TestDatabase.logger)
            } catch {
                refused = true
            }
            #expect(refused)
        }
    }

    @Test func exportStreamsTheDaysAndUnitsAskedFor() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            try await F.prepare(database)
            let unit = try await F.unitID("LC.SNV", in: database)
            let other = try await F.unitID("LC.STP", in: database)
            let late = try await F.submit(database, unitID: unit, answers: ["a1": 4], at: F.instant("2026-03-31T17:30:00Z"))
            let early = try await F.submit(database, unitID: unit, answers: ["a1": 2], at: F.instant("2026-03-30T02:00:00Z"))
            try await F.submit(database, unitID: other, answers: ["a1": 5], at: F.instant("2026-03-30T03:00:00Z"))
            try await F.submit(database, unitID: unit, answers: ["a1": 5], at: F.instant("2026-03-31T16:00:00Z"))
            let analytics = AnalyticsStore(database: database)

            // act: 30 March to 1 April (Vietnam), LC.SNV only.
            var rows: [ResponseExportRow] = []
            for try await row in try await analytics.exportRows(formID: "sipas", from: CalendarDate("2026-03-30")!,
                                                                to: CalendarDate("2026-04-01")!, unitCode: "LC.SNV",
                                                                logger: TestDatabase.logger) {
                rows.append(row)
            }

            // validate
            #expect(rows.count == 3)
            #expect(rows.first?.id == early)
            #expect(rows.last?.id == late)
            #expect(rows.allSatisfy { $0.unitCode == "LC.SNV" && $0.formVersion == 1 && $0.language == "vi" })
            let answers = try JSONDecoder().decode([String: Int].self, from: Data(rows[0].answersJSON.utf8))
            #expect(answers == ["a1": 2])
            // 31 March alone leaves out 00:30 on 1 April.
            var march31 = 0
            for try await _ in try await analytics.exportRows(formID: "sipas", from: CalendarDate("2026-03-31")!,
                                                              to: CalendarDate("2026-03-31")!, logger: TestDatabase.logger) {
                march31 += 1
            }
            #expect(march31 == 1)
        }
    }
}
