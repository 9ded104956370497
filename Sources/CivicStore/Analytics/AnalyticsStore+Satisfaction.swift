import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// Satisfied and answered counts over scale questions for a period, with respondents, per SIPAS
    /// element and, optionally, one breakdown (see ``SatisfactionCounts`` for the rows).
    ///
    /// One statement: the unit's subtree as of the period (``subtreeCTEs``), the half-month rollups
    /// for the whole half-months of the period, the daily rollups for a custom period's ragged ends
    /// (``CountsWindow``), and the responses still in `response_count_queue`, all in one snapshot:
    /// the counts equal a scan of the responses at that instant. Days are Vietnamese calendar days
    /// (Asia/Ho_Chi_Minh) of `submitted_at`.
    ///
    /// Cost: the totals, the elements and the breakdowns by element, unit, month and form version
    /// read the summary rollups (Migrations/0005): at most 24 rows per unit and form version for a
    /// year, whatever the number of responses. A breakdown by question also reads one row per
    /// question, and one by language or channel one row per language and channel; a custom period's
    /// ragged ends read daily rows.
    ///
    /// - Parameters:
    ///   - unitCode: the unit whose subtree is counted (predecessors merged into it during or after
    ///     the period included); nil counts every response, those naming no unit included.
    ///   - formID, formVersion: restrict to one form, one version; nil counts every form (pooled
    ///     across forms) or every version.
    ///   - elementsFormID: the form whose answers the elements count, when `formID` is nil (so
    ///     that pooling every form never mixes another questionnaire into the SIPAS elements); nil
    ///     counts the elements over the forms counted.
    /// - Throws: ``AnalyticsQueryError/unknownUnit(_:)`` when no unit has `unitCode`.
    public func satisfaction(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                             unitCode: String? = nil, formID: String? = nil, formVersion: Int? = nil,
                             elementsFormID: String? = nil, breakdown: SatisfactionBreakdown? = nil,
                             logger: Logger) async throws -> SatisfactionCounts {
        let window = CountsWindow(period: period, convention: convention)
        let query = Self.satisfactionQuery(window: window, convention: convention, unitCode: unitCode,
                                           formID: formID, formVersion: formVersion, breakdown: breakdown)
        let rows = try await database.query(query, logger: logger, decode: SatisfactionRow.init)
        if let unitCode, !rows.contains(where: { $0.kind == "u" }) {
            throw AnalyticsQueryError.unknownUnit(unitCode)
        }
        return Self.assemble(rows.filter { $0.kind != "u" }, period: period, convention: convention, window: window,
                             unitCode: unitCode, formID: formID, formVersion: formVersion,
                             elementsFormID: formID ?? elementsFormID, breakdown: breakdown)
    }

    /// One row of the satisfaction statement: `m` rows per form version (and key) from the
    /// summaries, with respondents and per-element counts; `q` rows per question; `r` rows per
    /// language or channel; one `u` row when the unit exists.
    struct SatisfactionRow: Sendable {
        let kind: String
        let key: String?
        let formID: String?
        let formVersion: Int?
        let questionID: String?
        let element: String?
        let position: Int?
        let responses: Int
        /// The six sums of ``CountsCompactor/clusteredColumns(_:)`` over the row's answers.
        let pooled: ClusteredCount
        /// Per element in ``SatisfactionElement/allCases`` order (`m` rows; empty otherwise).
        let elements: [ClusteredCount]
        let namesJSON: String?

        init(_ row: PostgresRow) throws {
            let (kind, key, formID, formVersion, questionID, element, position, responses, pooled, elements, namesJSON) =
                try row.decode((String, String?, String?, Int?, String?, String?, Int?, Int, [Int], [Int], String?).self)
            (self.kind, self.key, self.formID, self.formVersion, self.questionID, self.element, self.position,
             self.responses, self.namesJSON) = (kind, key, formID, formVersion, questionID, element, position, responses,
                                                namesJSON)
            self.pooled = kind == "u" ? .zero : try Self.clustered(pooled, at: 0)
            self.elements = try stride(from: 0, to: elements.count, by: 6).map { try Self.clustered(elements, at: $0) }
        }

        /// Six sums from `values[offset...]`, checked (a row the SQL cannot produce is an error,
        /// not a crash).
        static func clustered(_ values: [Int], at offset: Int) throws -> ClusteredCount {
            guard values.count >= offset + 6 else { throw StoreError.unavailable("a clustered count needs six sums") }
            let (s, a, ss, sa, aa, m) = (values[offset], values[offset + 1], values[offset + 2], values[offset + 3],
                                         values[offset + 4], values[offset + 5])
            guard s >= 0, s <= a, m >= 0, m <= a, (m == 0) == (a == 0), ss >= 0, ss <= sa, sa <= aa, a <= aa else {
                throw StoreError.unavailable("inconsistent clustered counts \(values[offset..<offset + 6])")
            }
            return ClusteredCount(satisfied: s, answered: a, satisfiedSquared: ss, satisfiedAnswered: sa,
                                  answeredSquared: aa, clusters: m)
        }
    }

    /// The statement (see ``satisfaction(period:convention:unitCode:formID:formVersion:breakdown:logger:)``).
    /// Only static fragments are pasted in; every value is bound.
    static func satisfactionQuery(window: CountsWindow, convention: ReportingPeriod.Convention, unitCode: String?,
                                  formID: String?, formVersion: Int?,
                                  breakdown: SatisfactionBreakdown?) -> PostgresQuery {
        let first = window.first.description
        let last = window.last.description
        // The period's instants bound the look-ups of queued responses, so that only its months'
        // partitions of `responses` are read (Migrations/0025).
        let firstInstant = window.first.startInVietnam
        let afterLastInstant = window.last.adding(days: 1).startInVietnam
        let halfFrom = window.halfStarts?.lowerBound.description
        let halfTo = window.halfStarts?.upperBound.description
        let leadFrom = window.leadingDays?.lowerBound.description
        let leadTo = window.leadingDays?.upperBound.description
        let trailFrom = window.trailingDays?.lowerBound.description
        let trailTo = window.trailingDays?.upperBound.description
        let byUnit = breakdown == .unit
        let byQuestion = breakdown == .question
        let byAudience = breakdown == .language || breakdown == .channel
        // Which units count, and under which row key: the subtree, and the responses that name no
        // unit when the figure covers the whole register (``unitScope(_:)``).
        func unitJoin(_ alias: String) -> String {
            byUnit ? "LEFT JOIN assigned a ON a.unit_id = \(alias).unit_id" : ""
        }
        func unitFilter(_ alias: String) -> String {
            if unitCode == nil { return "" }
            return byUnit ? "AND (a.row_code IS NOT NULL OR (\(alias).unit_id IS NULL AND (SELECT covers_all FROM whole)))"
                : "AND \(Self.unitScope("\(alias).unit_id"))"
        }
        let mKey: String
        let rKey: String
        switch breakdown {
        case .unit:
            mKey = "COALESCE(a.row_code, '')"
            rKey = mKey
        case .month:
            mKey = monthKey("m.bucket", convention: convention)
            rKey = "NULL::text"
        case .language:
            mKey = "NULL::text"
            rKey = "r.language"
        case .channel:
            mKey = "NULL::text"
            rKey = "r.channel"
        case .element, .question, .formVersion, nil:
            mKey = "NULL::text"
            rKey = "NULL::text"
        }
        let counts = CountsCompactor.summaryCounts
        let summaryColumns = counts.joined(separator: ", ")
        let queuedColumns = counts.map { "s.\($0)" }.joined(separator: ", ")
        let responseCounts = CountsCompactor.responseCounts
        let responseColumns = responseCounts.joined(separator: ", ")
        func sums(_ alias: String, _ prefix: String) -> String {
            CountsCompactor.clusteredColumns(prefix).map { "sum(\(alias).\($0))" }.joined(separator: ", ")
        }
        let elementSums = "ARRAY[" + SatisfactionElement.allCases.map { sums("m", "\($0.rawValue)_") }.joined(separator: ", ")
            + "]::int8[]"
        return """
            WITH RECURSIVE params (unit_code, first_day, last_day) AS (
                SELECT \(unitCode)::text, \(first)::date, \(last)::date
            ), queued (response_id) AS (
                -- The responses of the period still in the queue.
                SELECT response_id
                FROM response_count_queue
                WHERE submitted_at >= \(firstInstant) AND submitted_at < \(afterLastInstant)
            ), \(unescaped: Self.subtreeCTEs), \(unescaped: byUnit ? Self.unitRowCTEs : "")
            m (bucket, unit_id, form_id, form_version, responses, \(unescaped: summaryColumns)) AS (
                SELECT h.half_start, h.unit_id, h.form_id, h.form_version, h.responses, \(unescaped: summaryColumns)
                FROM summary_halfmonthly h
                WHERE h.half_start BETWEEN \(halfFrom)::date AND \(halfTo)::date
                UNION ALL
                SELECT d.day, d.unit_id, d.form_id, d.form_version, d.responses, \(unescaped: summaryColumns)
                FROM summary_daily d
                WHERE d.day BETWEEN \(leadFrom)::date AND \(leadTo)::date
                   OR d.day BETWEEN \(trailFrom)::date AND \(trailTo)::date
                UNION ALL
                SELECT s.day, s.unit_id, s.form_id, s.form_version, 1, \(unescaped: queuedColumns)
                FROM response_summaries s
                WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM queued))
                  AND s.submitted_at >= \(firstInstant) AND s.submitted_at < \(afterLastInstant)
            ), q (unit_id, form_id, form_version, question_id, satisfied, answered) AS (
                -- Per question: only for a breakdown by question.
                SELECT h.unit_id, h.form_id, h.form_version, h.question_id, h.satisfied, h.answered
                FROM satisfaction_halfmonthly h
                WHERE \(byQuestion)::boolean
                  AND h.half_start BETWEEN \(halfFrom)::date AND \(halfTo)::date
                UNION ALL
                SELECT d.unit_id, d.form_id, d.form_version, d.question_id, d.satisfied, d.answered
                FROM satisfaction_daily d
                WHERE \(byQuestion)::boolean
                  AND (d.day BETWEEN \(leadFrom)::date AND \(leadTo)::date
                       OR d.day BETWEEN \(trailFrom)::date AND \(trailTo)::date)
                UNION ALL
                SELECT s.unit_id, s.form_id, s.form_version, s.question_id, s.satisfied::integer::int8, 1::int8
                FROM scored_answers s
                WHERE \(byQuestion)::boolean
                  AND s.response_id = ANY (ARRAY (SELECT response_id FROM queued))
                  AND s.submitted_at >= \(firstInstant) AND s.submitted_at < \(afterLastInstant)
            ), r (unit_id, form_id, form_version, language, channel, responses, \(unescaped: responseColumns)) AS (
                -- Per language and channel: only for a breakdown by either.
                SELECT h.unit_id, h.form_id, h.form_version, h.language, h.channel, h.responses,
                       \(unescaped: responseCounts.map { "h.\($0)" }.joined(separator: ", "))
                FROM response_halfmonthly h
                WHERE \(byAudience)::boolean
                  AND h.half_start BETWEEN \(halfFrom)::date AND \(halfTo)::date
                UNION ALL
                SELECT d.unit_id, d.form_id, d.form_version, d.language, d.channel, d.responses,
                       \(unescaped: responseCounts.map { "d.\($0)" }.joined(separator: ", "))
                FROM response_daily d
                WHERE \(byAudience)::boolean
                  AND (d.day BETWEEN \(leadFrom)::date AND \(leadTo)::date
                       OR d.day BETWEEN \(trailFrom)::date AND \(trailTo)::date)
                UNION ALL
                SELECT s.unit_id, s.form_id, s.form_version, s.language, s.channel, 1::int8,
                       \(unescaped: responseCounts.map { "s.\($0)" }.joined(separator: ", "))
                FROM response_summaries s
                WHERE \(byAudience)::boolean
                  AND s.response_id = ANY (ARRAY (SELECT response_id FROM queued))
                  AND s.submitted_at >= \(firstInstant) AND s.submitted_at < \(afterLastInstant)
            ), counted (kind, key, form_id, form_version, question_id, element, position, responses, pooled, elements) AS (
                SELECT 'm', \(unescaped: mKey), m.form_id, m.form_version, NULL::text, NULL::text, NULL::integer,
                       sum(m.responses)::int8, ARRAY[\(unescaped: sums("m", ""))]::int8[], \(unescaped: elementSums)
                FROM m
                \(unescaped: unitJoin("m"))
                WHERE (\(formID)::text IS NULL OR m.form_id = \(formID)::text)
                  AND (\(formVersion)::integer IS NULL OR m.form_version = \(formVersion)::integer)
                  \(unescaped: unitFilter("m"))
                GROUP BY 2, 3, 4
                UNION ALL
                -- Grouped before the join with form_questions: the join then sees a few rows, and the
                -- planner's estimate of the rollup's size stays right. One answer per respondent:
                -- Σs² = Σs·a = Σs, Σa² = Σa, one cluster per answer.
                SELECT 'q', NULL::text, g.form_id, g.form_version, g.question_id, fq.element, fq.position,
                       g.answered, ARRAY[g.satisfied, g.answered, g.satisfied, g.satisfied, g.answered, g.answered]::int8[],
                       '{}'::int8[]
                FROM (
                    SELECT q.form_id, q.form_version, q.question_id,
                           sum(q.satisfied)::int8 AS satisfied, sum(q.answered)::int8 AS answered
                    FROM q
                    \(unescaped: unitJoin("q"))
                    WHERE (\(formID)::text IS NULL OR q.form_id = \(formID)::text)
                      AND (\(formVersion)::integer IS NULL OR q.form_version = \(formVersion)::integer)
                      \(unescaped: unitFilter("q"))
                    GROUP BY 1, 2, 3
                ) g
                JOIN form_questions fq
                  ON fq.form_id = g.form_id AND fq.version = g.form_version AND fq.question_id = g.question_id
                UNION ALL
                SELECT 'r', \(unescaped: rKey), r.form_id, r.form_version, NULL::text, NULL::text, NULL::integer,
                       sum(r.responses)::int8, ARRAY[\(unescaped: sums("r", ""))]::int8[], '{}'::int8[]
                FROM r
                \(unescaped: unitJoin("r"))
                WHERE (\(formID)::text IS NULL OR r.form_id = \(formID)::text)
                  AND (\(formVersion)::integer IS NULL OR r.form_version = \(formVersion)::integer)
                  \(unescaped: unitFilter("r"))
                GROUP BY 2, 3, 4
            )
            SELECT c.kind, c.key, c.form_id, c.form_version, c.question_id, c.element, c.position, c.responses,
                   c.pooled, c.elements, u.names::text
            FROM counted c
            LEFT JOIN units u ON \(unescaped: byUnit ? "u.code = c.key" : "false")
            UNION ALL
            SELECT 'u', NULL, NULL, NULL, NULL, NULL, NULL, 0, '{}', '{}', NULL
            FROM units
            WHERE code = \(unitCode)::text
            """
    }

    /// The month a day (or a half-month starting on it) is reported in, `YYYY-MM`: its own under the
    /// calendar convention; under the cut-off, the next one from the 15th on (a day from the 15th to
    /// the 31st plus 17 days always falls in the next month, never beyond).
    static func monthKey(_ column: String, convention: ReportingPeriod.Convention) -> String {
        switch convention {
        case .calendar: "to_char(\(column), 'YYYY-MM')"
        case .cutoff: "to_char(CASE WHEN extract(day FROM \(column)) >= 15 THEN \(column) + 17 ELSE \(column) END, 'YYYY-MM')"
        }
    }

    /// The rows of a breakdown by unit, as CTEs after ``subtreeCTEs``:
    /// - `chain`: the unit and, through successions that took effect after the period's first day,
    ///   its predecessors: their children are candidates too (a 2024 report on the merged province
    ///   shows the old province's departments).
    /// - `children`: the candidates that existed at some time during the period (the root units
    ///   when no unit is given).
    /// - `reach (row_id, id)`: every unit each candidate's subtree holds, by the same edges.
    /// - `kept`: the candidates no other candidate reaches: one merged into a sibling during the
    ///   period is counted in its sibling's row, not twice.
    /// - `assigned (unit_id, row_code)`: the row of every counted unit (two rows for a split's
    ///   predecessor); what no kept row reaches belongs to the unit's own row.
    static let unitRowCTEs = """
        chain (id) AS (
            SELECT id
            FROM units
            WHERE code = (SELECT unit_code FROM params)
            UNION
            SELECT s.predecessor_id
            FROM chain c
            JOIN unit_successions s ON s.successor_id = c.id
            WHERE s.effective_on > (SELECT first_day FROM params)
        ), children (id, code) AS (
            SELECT c.id, c.code
            FROM units c
            WHERE CASE WHEN (SELECT unit_code FROM params) IS NULL THEN c.parent_id IS NULL
                       ELSE c.parent_id IN (SELECT id FROM chain) END
              AND c.effective_from <= (SELECT last_day FROM params)
              AND (c.effective_to IS NULL OR c.effective_to > (SELECT first_day FROM params))
        ), reach (row_id, id) AS (
            SELECT id, id
            FROM children
            UNION
            SELECT r.row_id, e.to_id
            FROM reach r
            JOIN edges e ON e.from_id = r.id
        ), kept (id, code) AS (
            SELECT c.id, c.code
            FROM children c
            WHERE NOT EXISTS (SELECT 1 FROM reach x WHERE x.id = c.id AND x.row_id <> c.id)
        ), assigned (unit_id, row_code) AS (
            SELECT x.id, k.code
            FROM kept k
            JOIN reach x ON x.row_id = k.id
            UNION ALL
            SELECT t.id, (SELECT unit_code FROM params)
            FROM tree t
            WHERE NOT EXISTS (SELECT 1 FROM kept k JOIN reach x ON x.row_id = k.id WHERE x.id = t.id)
        ),
        """

    /// Sums the statement's rows into the report.
    static func assemble(_ rows: [SatisfactionRow], period: ReportingPeriod, convention: ReportingPeriod.Convention,
                         window: CountsWindow, unitCode: String?, formID: String?, formVersion: Int?,
                         elementsFormID: String?, breakdown: SatisfactionBreakdown?) -> SatisfactionCounts {
        typealias Row = SatisfactionCounts.Row
        let summaries = rows.filter { $0.kind == "m" }
        var pooled = ClusteredCount.zero
        var elements = Dictionary(uniqueKeysWithValues: SatisfactionElement.allCases.map { ($0, ClusteredCount.zero) })
        var respondents = 0
        var forms: Set<String> = []
        for row in summaries {
            pooled = pooled + row.pooled
            respondents += row.responses
            if let form = row.formID, row.responses > 0 { forms.insert(form) }
            guard elementsFormID == nil || row.formID == elementsFormID else { continue }
            for (index, element) in SatisfactionElement.allCases.enumerated() where index < row.elements.count {
                elements[element]! = elements[element]! + row.elements[index]
            }
        }
        let result: [Row]
        switch breakdown {
        case nil:
            result = []
        case .element:
            result = SatisfactionElement.allCases.map { element in
                Row(key: element.rawValue, count: elements[element]!, respondents: elements[element]!.clusters)
            }
        case .question:
            result = questionRows(rows.filter { $0.kind == "q" })
        case .unit, .month, .language, .channel:
            // Rows by key: from the summaries (unit, month) or the per-language rollups.
            let source = breakdown == .language || breakdown == .channel ? rows.filter { $0.kind == "r" } : summaries
            var counts: [String: (count: ClusteredCount, responses: Int)] = [:]
            var names: [String: [String: String]] = [:]
            for row in source {
                let key = row.key ?? ""
                let previous = counts[key] ?? (.zero, 0)
                counts[key] = (previous.count + row.pooled, previous.responses + row.responses)
                if let json = row.namesJSON { names[key] = decodeNames(json) }
            }
            let keys = breakdown == .month ? period.months(convention: convention).map(\.description) : counts.keys.sorted()
            result = keys.map { key in
                let (count, responses) = counts[key] ?? (.zero, 0)
                return Row(key: key, names: names[key] ?? [:], count: count, respondents: responses)
            }
        case .formVersion:
            var counts: [String: (form: String, version: Int, count: ClusteredCount, responses: Int)] = [:]
            for row in summaries {
                guard let form = row.formID, let version = row.formVersion else { continue }
                let id = "\(form)\u{1F}\(version)"
                let previous = counts[id] ?? (form, version, .zero, 0)
                counts[id] = (form, version, previous.count + row.pooled, previous.responses + row.responses)
            }
            result = counts.values.sorted { ($0.form, $0.version) < ($1.form, $1.version) }.map { entry in
                Row(key: String(entry.version), formID: entry.form, count: entry.count, respondents: entry.responses)
            }
        }
        return SatisfactionCounts(period: period, convention: convention, firstDay: window.first, lastDay: window.last,
                                  unitCode: unitCode, formID: formID, formVersion: formVersion,
                                  elementsFormID: elementsFormID, breakdown: breakdown, pooled: pooled,
                                  elements: elements, respondents: respondents, forms: forms.sorted(), rows: result)
    }

    /// One row per form and question, every version summed, in form order (the latest version's).
    static func questionRows(_ rows: [SatisfactionRow]) -> [SatisfactionCounts.Row] {
        var order: [String: (position: Int, version: Int)] = [:]
        var counts: [String: ClusteredCount] = [:]
        var info: [String: (form: String, question: String, element: String?)] = [:]
        for row in rows {
            guard let form = row.formID, let question = row.questionID else { continue }
            let id = form + "\u{1F}" + question
            counts[id] = (counts[id] ?? .zero) + row.pooled
            let version = row.formVersion ?? 0
            if order[id].map({ version > $0.version }) ?? true {
                order[id] = (row.position ?? 0, version)
                info[id] = (form, question, row.element)
            }
        }
        return counts.keys.sorted { lhs, rhs in
            let (l, r) = (info[lhs]!, info[rhs]!)
            return (l.form, order[lhs]!.position, l.question) < (r.form, order[rhs]!.position, r.question)
        }.map { id in
            let count = counts[id]!
            let (form, question, element) = info[id]!
            return SatisfactionCounts.Row(key: question, formID: form,
                                          element: element.flatMap(SatisfactionElement.init(rawValue:)),
                                          count: count, respondents: count.answered, isSingleQuestion: true)
        }
    }

    static func decodeNames(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
