import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// The intervals of the satisfaction figures, from the rollups, against the cluster formula
/// computed here from the raw answers (a scan of the stored JSON, not the rollups), on data where
/// one respondent's answers move together so that the design effect is well above 1.
@Suite(.timeLimit(.minutes(3)))
struct ClusterIntervalTests {
    typealias F = AnalyticsFixtures

    /// One respondent's satisfied and answered counts, over all scale questions and per element.
    struct RawRespondent: Sendable {
        let satisfied: Int
        let answered: Int
        let elements: [String: (satisfied: Int, answered: Int)]
    }

    /// Every sipas response's counts, read from the answers' JSON (`jsonb_each`) and the questions'
    /// satisfied values, independently of the rollups and of the views that fill them.
    static func rawRespondents(_ database: Database) async throws -> [RawRespondent] {
        let rows = try await F.patient(database).query("""
            SELECT r.id::text,
                   COALESCE(q.element, ''),
                   count(*) FILTER (WHERE (a.value #>> '{}')::int = ANY (q.satisfied_values)),
                   count(*)
            FROM responses r
            CROSS JOIN LATERAL jsonb_each(r.answers) AS a (key, value)
            JOIN form_questions q ON q.form_id = r.form_id AND q.version = r.form_version AND q.question_id = a.key
            WHERE q.question_type = 'scale' AND r.form_id = 'sipas'
            GROUP BY 1, 2
            """, logger: TestDatabase.logger) { try $0.decode((String, String, Int, Int).self) }
        var byResponse: [String: [String: (Int, Int)]] = [:]
        for (id, element, satisfied, answered) in rows { byResponse[id, default: [:]][element] = (satisfied, answered) }
        return byResponse.values.map { parts in
            RawRespondent(satisfied: parts.values.reduce(0) { $0 + $1.0 }, answered: parts.values.reduce(0) { $0 + $1.1 },
                          elements: parts.filter { !$0.key.isEmpty }.mapValues { (satisfied: $0.0, answered: $0.1) })
        }
    }

    /// p, deff, n_eff and Wilson's 95% interval at n_eff, by the definition, for respondents
    /// given as (satisfied, answered) pairs (those with no answer left out: they are no cluster).
    static func reference(_ pairs: [(satisfied: Int, answered: Int)]) -> (p: Double, deff: Double, effective: Double,
                                                                        low: Double, high: Double) {
        let respondents = pairs.filter { $0.answered > 0 }
        let s = Double(respondents.reduce(0) { $0 + $1.satisfied })
        let a = Double(respondents.reduce(0) { $0 + $1.answered })
        let m = Double(respondents.count)
        let p = s / a
        let residuals = respondents.reduce(0.0) { sum, r in
            let e = Double(r.satisfied) - p * Double(r.answered)
            return sum + e * e
        }
        let deff = (m / (m - 1) * residuals / (a * a)) / (p * (1 - p) / a)
        let n = a / deff
        let z = 1.959963984540054
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (p, deff, n, centre - half, centre + half)
    }

    /// 60 sipas respondents in February 2026 at one department, each with a mood: 45 content
    /// (satisfied on all but the i-th few questions), 15 displeased (satisfied on a few only);
    /// some skip questions. Half are compacted into the rollups, half stay queued.
    static func storeClusteredResponses(_ database: Database) async throws {
        let unit = try await F.unitID("LC.SNV", in: database)
        let questions = F.form("sipas").scoredQuestions.map(\.questionID)
        for index in 0..<60 {
            let content = index % 4 != 0
            var answers: [String: Int] = [:]
            for (position, question) in questions.enumerated() {
                if (position + index) % 9 == 0 { continue }  // skipped
                let satisfied = content ? (position + index) % 11 != 0 : (position + index) % 5 == 0
                answers[question] = satisfied ? 4 + (position % 2) : 1 + (position % 3)
            }
            try await F.submit(database, unitID: unit, answers: answers,
                               at: F.instant("2026-02-\(10 + index % 10)T0\(index % 8):00:00Z"))
            if index == 29 {
                try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            }
        }
    }

    @Test func thePooledAndElementIntervalsEqualTheClusterFormulaOnTheRawAnswers() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            try await F.prepare(database)
            try await Self.storeClusteredResponses(database)
            #expect(try await F.queued(database) == 30, "half the responses are still queued")
            let raw = try await Self.rawRespondents(database)
            #expect(raw.count == 60)

            // act
            let counts = try await AnalyticsStore(database: database).satisfaction(
                period: ReportingPeriod(parsing: "2026-Q1"), unitCode: "LC", formID: "sipas", logger: TestDatabase.logger)
            let summary = counts.summary(target: 0.9)

            // validate: the pool
            let expected = Self.reference(raw.map { ($0.satisfied, $0.answered) })
            let pooled = summary.pooled
            #expect(pooled.interval.method == .clusterWilson)
            #expect(abs(pooled.rate! - expected.p) < 1e-12)
            #expect(abs(pooled.interval.designEffect! - expected.deff) < 1e-9, "deff \(pooled.interval.designEffect!) vs \(expected.deff)")
            #expect(abs(pooled.interval.effectiveSize! - expected.effective) < 1e-9)
            #expect(abs(pooled.ci95!.low - expected.low) < 1e-12 && abs(pooled.ci95!.high - expected.high) < 1e-12)
            #expect(pooled.interval.respondents == 60)
            #expect(expected.deff > 5, "respondents' answers move together here: deff \(expected.deff)")
            let naive = try #require(Proportion(successes: pooled.satisfied, trials: pooled.answered).wilsonInterval())
            let widening = (pooled.ci95!.high - pooled.ci95!.low) / (naive.upperBound - naive.lowerBound)
            #expect(widening > 2, "the per-answer interval is \(widening) times too narrow")

            // validate: each element, over that element's questions only
            for element in SatisfactionElement.allCases {
                let pairs = raw.map { $0.elements[element.rawValue] ?? (0, 0) }
                let reference = Self.reference(pairs)
                let report = try #require(summary.elements[element])
                #expect(abs(report.interval.designEffect! - reference.deff) < 1e-9, "\(element)")
                #expect(abs(report.ci95!.low - reference.low) < 1e-12 && abs(report.ci95!.high - reference.high) < 1e-12,
                        "\(element)")
                #expect(report.interval.respondents == pairs.filter { $0.answered > 0 }.count)
            }

            // validate: a single question keeps the plain Wilson interval on its respondents
            let byQuestion = try await AnalyticsStore(database: database).satisfaction(
                period: ReportingPeriod(parsing: "2026-Q1"), unitCode: "LC", formID: "sipas", breakdown: .question,
                logger: TestDatabase.logger)
            let first = try #require(byQuestion.rows.first)
            let single = byQuestion.report(for: first)
            #expect(single.interval.method == .wilson && single.interval.designEffect == 1)
            #expect(single.ci95?.range == first.proportion.wilsonInterval())
        }
    }

    @Test func breakdownsCarryTheSumsOfTheirOwnRespondents() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await F.prepare(database)
            try await Self.storeClusteredResponses(database)
            let analytics = AnalyticsStore(database: database)
            let period = try ReportingPeriod(parsing: "2026-Q1")
            let total = try await analytics.satisfaction(period: period, unitCode: "LC", formID: "sipas",
                                                         logger: TestDatabase.logger)
            for by in [SatisfactionBreakdown.unit, .language, .channel, .month, .formVersion] {
                let broken = try await analytics.satisfaction(period: period, unitCode: "LC", formID: "sipas", breakdown: by,
                                                              logger: TestDatabase.logger)
                let sum = broken.rows.reduce(ClusteredCount.zero) { $0 + $1.count }
                #expect(sum == total.pooled, "\(by): the rows' sums add up to the total's")
            }
            // A custom period reads the daily rollups for its ragged ends: the same sums.
            let custom = try await analytics.satisfaction(period: ReportingPeriod(parsing: "2026-02-09/2026-02-25"),
                                                          unitCode: "LC", formID: "sipas", breakdown: .language,
                                                          logger: TestDatabase.logger)
            #expect(custom.pooled == total.pooled)
            #expect(custom.rows.reduce(ClusteredCount.zero) { $0 + $1.count } == total.pooled)
        }
    }
}
