import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

/// Satisfaction reports: periods, Vietnamese days, units across mergers, breakdowns. Each check runs
/// twice, with the responses still queued and after the compactor counted them: the reports must
/// not tell the difference.
@Suite(.timeLimit(.minutes(3)))
struct SatisfactionCountsTests {
    typealias F = AnalyticsFixtures

    /// Runs `check` on the queue, compacts, and runs it again on the rollups.
    func beforeAndAfterCompaction(_ database: Database, _ check: () async throws -> Void) async throws {
        #expect(try await F.queued(database) > 0)
        try await check()
        try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
        #expect(try await F.queued(database) == 0)
        try await check()
    }

    func counts(_ analytics: AnalyticsStore, _ period: String, _ convention: ReportingPeriod.Convention = .calendar,
                unit: String? = nil, form: String? = nil, by: SatisfactionBreakdown? = nil) async throws -> SatisfactionCounts {
        try await analytics.satisfaction(period: ReportingPeriod(parsing: period), convention: convention, unitCode: unit,
                                         formID: form, breakdown: by, logger: TestDatabase.logger)
    }

    @Test func periodsFollowVietnameseDaysAndTheCutoffConvention() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: four responses around the end of March 2026.
            try await F.prepare(database)
            let unit = try await F.unitID("LC.SNV", in: database)
            // 17:30Z on 31 March is 00:30 on 1 April in Vietnam.
            try await F.submit(database, unitID: unit, answers: F.sipasAnswers(5), at: F.instant("2026-03-31T17:30:00Z"))
            try await F.submit(database, unitID: unit, answers: F.sipasAnswers(1), at: F.instant("2026-03-31T16:59:00Z"))
            try await F.submit(database, unitID: unit, answers: F.sipasAnswers(4), at: F.instant("2026-03-14T10:00:00Z"))
            try await F.submit(database, unitID: unit, answers: F.sipasAnswers(3), at: F.instant("2026-03-15T10:00:00Z"))
            let analytics = AnalyticsStore(database: database)
            let questions = F.form("sipas").scoredQuestions.count

            try await beforeAndAfterCompaction(database) {
                // Calendar: Q1 holds the 14th, the 15th and 23:59 on the 31st; April holds 00:30 on 1 April.
                let q1 = try await counts(analytics, "2026-Q1")
                #expect(q1.respondents == 3)
                #expect(q1.pooled.proportion == Proportion(successes: questions, trials: 3 * questions))
                // Three respondents, one of them fully satisfied: the per-respondent sums too.
                let satisfiedOne = ClusteredCount(respondentSatisfied: questions, answered: questions)
                let dissatisfiedOne = ClusteredCount(respondentSatisfied: 0, answered: questions)
                #expect(q1.pooled == satisfiedOne + dissatisfiedOne + dissatisfiedOne)
                #expect(try await counts(analytics, "2026-04").respondents == 1)
                #expect(try await counts(analytics, "2026-04").pooled.satisfied == questions)
                // Cut-off: Q1 is 15/12/2025 … 14/3/2026, Q2 starts on 15 March.
                #expect(try await counts(analytics, "2026-Q1", .cutoff).respondents == 1)
                let q2 = try await counts(analytics, "2026-Q2", .cutoff, by: .month)
                #expect(q2.respondents == 3)
                #expect(q2.rows.map(\.key) == ["2026-04", "2026-05", "2026-06"])
                #expect(q2.rows.map(\.respondents) == [3, 0, 0])
                #expect(q2.rows[0].satisfied == questions)
                // Calendar months of the same responses.
                let half = try await counts(analytics, "2026-H1", by: .month)
                #expect(half.rows.map(\.respondents) == [0, 0, 3, 1, 0, 0])
                // Custom periods read ragged ends day by day.
                #expect(try await counts(analytics, "2026-03-31/2026-03-31").respondents == 1)
                #expect(try await counts(analytics, "2026-03-31/2026-03-31").pooled.satisfied == 0)
                let ragged = try await counts(analytics, "2026-03-10/2026-04-20", by: .language)
                #expect(ragged.respondents == 4)
                #expect(ragged.pooled.proportion == Proportion(successes: 2 * questions, trials: 4 * questions))
                #expect(ragged.rows.first?.count == ragged.pooled, "the daily rollups carry the respondents' sums")
                #expect(ragged.rows.map(\.key) == ["vi"])
                #expect(ragged.rows.first?.satisfied == 2 * questions)
                #expect(try await counts(analytics, "2026-03-15/2026-03-30").respondents == 1)
            }
        }
    }

    @Test func aMergedUnitCountsItsPredecessorsForPeriodsBeforeTheMerger() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: LC.SVHTT and YB.SVHTTDL merged into LC.SVHTTDL (March and July 2025).
            try await F.prepare(database)
            let old = try await F.unitID("LC.SVHTT", in: database)
            let yenBai = try await F.unitID("YB.SVHTTDL", in: database)
            let merged = try await F.unitID("LC.SVHTTDL", in: database)
            try await F.submit(database, unitID: old, answers: F.sipasAnswers(5), at: F.instant("2024-06-03T03:00:00Z"))
            try await F.submit(database, unitID: yenBai, answers: F.sipasAnswers(4), at: F.instant("2024-06-04T03:00:00Z"))
            try await F.submit(database, unitID: old, answers: F.sipasAnswers(2), at: F.instant("2025-02-10T03:00:00Z"))
            try await F.submit(database, unitID: merged, answers: F.sipasAnswers(1), at: F.instant("2026-02-10T03:00:00Z"))
            let analytics = AnalyticsStore(database: database)

            try await beforeAndAfterCompaction(database) {
                // 2024: the merged department's report is its predecessors'.
                #expect(try await counts(analytics, "2024", unit: "LC.SVHTTDL").respondents == 2)
                #expect(try await counts(analytics, "2024", unit: "LC.SVHTT").respondents == 1)
                // The merged province's 2024 covers Yên Bái's department.
                #expect(try await counts(analytics, "2024", unit: "LC").respondents == 2)
                // After the merger the predecessors' old responses are outside the period.
                #expect(try await counts(analytics, "2026", unit: "LC.SVHTTDL").respondents == 1)
                #expect(try await counts(analytics, "2026", unit: "LC.SVHTT").respondents == 0)
                // By unit, 2024: the old departments are rows of their own.
                let rows2024 = try await counts(analytics, "2024", unit: "LC", by: .unit).rows
                #expect(rows2024.map(\.key) == ["LC.SVHTT", "YB.SVHTTDL"])
                #expect(rows2024.map(\.respondents) == [1, 1])
                #expect(rows2024.first?.names["vi"] == "Sở Văn hóa và Thể thao")
                // 2025: the department merged in March counts in the new department's row, not twice.
                let rows2025 = try await counts(analytics, "2025", unit: "LC", by: .unit).rows
                #expect(rows2025.map(\.key) == ["LC.SVHTTDL"])
                #expect(rows2025.map(\.respondents) == [1])
                let rows2026 = try await counts(analytics, "2026", unit: "LC", by: .unit).rows
                #expect(rows2026.map(\.key) == ["LC.SVHTTDL"])
            }
        }
    }

    @Test func breakdownsAddUpToTheTotals() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: both forms, several units, languages and channels, one response without a unit.
            try await F.prepare(database)
            let units: [Int64?] = [try await F.unitID("LC.SNV", in: database), try await F.unitID("LC.STP", in: database),
                                   try await F.unitID("LC.P-LAOCAI", in: database), nil]
            let sipas = F.form("sipas").scoredQuestions.map(\.questionID)
            let dossier = F.form("dossier-rating").scoredQuestions.map(\.questionID)
            for number in 0..<24 {
                let form = number % 3 == 0 ? "dossier-rating" : "sipas"
                let questions = form == "sipas" ? sipas : dossier
                var answers: [String: Int] = [:]
                for (position, question) in questions.enumerated() where (number + position) % 5 != 0 || position == 0 {
                    answers[question] = 1 + (number + position * 2) % 5
                }
                if form == "sipas" { answers["overall"] = 1 + number % 5 }
                try await F.submit(database, form: form, unitID: units[number % units.count], answers: answers,
                                   language: ["vi", "hmn", "en"][number % 3], channel: ["web", "kiosk", "paper", "api"][number % 4],
                                   dossier: form == "sipas" ? nil : "D-\(number)",
                                   at: F.instant("2026-05-0\(1 + number % 9)T02:00:00Z"))
            }
            let analytics = AnalyticsStore(database: database)

            try await beforeAndAfterCompaction(database) {
                let total = try await counts(analytics, "2026")
                #expect(total.respondents == 24)
                for breakdown in SatisfactionBreakdown.allCases where breakdown != .element {
                    let split = try await counts(analytics, "2026", by: breakdown)
                    #expect(split.pooled == total.pooled, "\(breakdown)")
                    #expect(split.rows.reduce(0) { $0 + $1.answered } == total.pooled.answered, "\(breakdown)")
                    #expect(split.rows.reduce(0) { $0 + $1.satisfied } == total.pooled.satisfied, "\(breakdown)")
                    if breakdown != .question {
                        #expect(split.rows.reduce(0) { $0 + ($1.respondents ?? 0) } == 24, "\(breakdown)")
                    }
                }
                // Elements: the five, summing to the pool less the overall questions (outside any element).
                let elements = try await counts(analytics, "2026", by: .element)
                #expect(elements.rows.map(\.key) == SatisfactionElement.allCases.map(\.rawValue))
                let overall = try await counts(analytics, "2026", by: .question).rows
                    .filter { $0.element == nil }.reduce(0) { $0 + $1.answered }
                #expect(overall > 0)
                #expect(elements.rows.reduce(0) { $0 + $1.answered } + overall == total.pooled.answered)
                // Without a unit, the unit rows are the root (its subtree) and "" for no unit.
                let byUnit = try await counts(analytics, "2026", by: .unit)
                #expect(byUnit.rows.map(\.key) == ["", "LC"])
                #expect(byUnit.rows.map(\.respondents) == [6, 18])
                // One form, one unit: Lào Cai is the register's only root in 2026, so its figure
                // counts the sipas responses that name no unit too (12 at units, 4 without).
                let sipasOnly = try await counts(analytics, "2026", unit: "LC", form: "sipas", by: .formVersion)
                #expect(sipasOnly.respondents == 16)
                #expect(try await counts(analytics, "2026", unit: "LC.SNV", form: "sipas").respondents < 12)
                #expect(sipasOnly.rows.map(\.key) == ["1"])
                #expect(sipasOnly.rows.first?.formID == "sipas")
                let questions = try await counts(analytics, "2026", form: "sipas", by: .question).rows
                #expect(questions.map(\.key) == sipas)
                #expect(questions.first?.element == .access)
                #expect(questions.last?.element == nil)
                // A report made from the counts.
                let summary = total.summary(target: 0.8, population: 1_000)
                #expect(summary.pooled.requiredSample == 286)
                #expect(summary.pooled.sampleSufficient == false)
                #expect(summary.pooled.target == 0.8)
            }
            await #expect(throws: AnalyticsQueryError.unknownUnit("NOPE")) {
                _ = try await counts(analytics, "2026", unit: "NOPE")
            }
        }
    }
}
