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
    /// - Parameters:
    ///   - unitCode: the unit whose subtree is counted (predecessors merged into it during or after
    ///     the period included); nil counts every response, those naming no unit included.
    ///   - formID, formVersion: restrict to one form, one version; nil counts every form (pooled
    ///     across forms) or every version.
    /// - Throws: ``AnalyticsQueryError/unknownUnit(_:)`` when no unit has `unitCode`.
    public func satisfaction(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                             unitCode: String? = nil, formID: String? = nil, formVersion: Int? = nil,
                             breakdown: SatisfactionBreakdown? = nil,
                             logger: Logger) async throws -> SatisfactionCounts {
        let window = CountsWindow(period: period, convention: convention)
        let query = Self.satisfactionQuery(window: window, convention: convention, unitCode: unitCode,
                                           formID: formID, formVersion: formVersion, breakdown: breakdown)
        let rows = try await database.query(query, logger: logger, decode: SatisfactionRow.init)
        if let unitCode, !rows.contains(where: { $0.kind == "u" }) {
            throw AnalyticsQueryError.unknownUnit(unitCode)
        }
        return Self.assemble(rows.filter { $0.kind != "u" }, period: period, convention: convention, window: window,
                             unitCode: unitCode, formID: formID, formVersion: formVersion, breakdown: breakdown)
    }

    /// One row of the satisfaction statement: `q` rows per question (and key), `r` rows per form
    /// version (and key) with respondents, one `u` row when the unit exists.
    struct SatisfactionRow: Sendable {
        let kind: String
        let key: String?
        let formID: String?
        let formVersion: Int?
        let questionID: String?
        let element: String?
        let position: Int?
        let satisfied: Int
        let answered: Int
        let responses: Int
        let namesJSON: String?

        init(_ row: PostgresRow) throws {
            (kind, key, formID, formVersion, questionID, element, position, satisfied, answered, responses, namesJSON) =
                try row.decode((String, String?, String?, Int?, String?, String?, Int?, Int, Int, Int, String?).self)
        }
    }

    /// The statement (see ``satisfaction(period:convention:unitCode:formID:formVersion:breakdown:logger:)``).
    /// Only static fragments are pasted in; every value is bound.
    static func satisfactionQuery(window: CountsWindow, convention: ReportingPeriod.Convention, unitCode: String?,
                                  formID: String?, formVersion: Int?,
                                  breakdown: SatisfactionBreakdown?) -> PostgresQuery {
        let first = window.first.description
        let last = window.last.description
        let halfFrom = window.halfStarts?.lowerBound.description
        let halfTo = window.halfStarts?.upperBound.description
        let leadFrom = window.leadingDays?.lowerBound.description
        let leadTo = window.leadingDays?.upperBound.description
        let trailFrom = window.trailingDays?.lowerBound.description
        let trailTo = window.trailingDays?.upperBound.description
        let byUnit = breakdown == .unit
        let audience = breakdown == .language || breakdown == .channel
        // Which units count, and under which row key.
        let unitCTEs = byUnit ? Self.unitRowCTEs : ""
        let qUnitJoin: String
        let rUnitJoin: String
        if byUnit {
            qUnitJoin = unitCode == nil ? "LEFT JOIN assigned a ON a.unit_id = q.unit_id" : "JOIN assigned a ON a.unit_id = q.unit_id"
            rUnitJoin = unitCode == nil ? "LEFT JOIN assigned a ON a.unit_id = r.unit_id" : "JOIN assigned a ON a.unit_id = r.unit_id"
        } else {
            qUnitJoin = unitCode == nil ? "" : "JOIN tree t ON t.id = q.unit_id"
            rUnitJoin = unitCode == nil ? "" : "JOIN tree t ON t.id = r.unit_id"
        }
        let qKey: String
        let rKey: String
        switch breakdown {
        case .unit:
            qKey = "COALESCE(a.row_code, '')"
            rKey = qKey
        case .month:
            qKey = monthKey("q.bucket", convention: convention)
            rKey = monthKey("r.bucket", convention: convention)
        case .language:
            qKey = "NULL::text"
            rKey = "r.language"
        case .channel:
            qKey = "NULL::text"
            rKey = "r.channel"
        case .element, .question, .formVersion, nil:
            qKey = "NULL::text"
            rKey = "NULL::text"
        }
        return """
            WITH RECURSIVE params (unit_code, first_day, last_day) AS (
                SELECT \(unitCode)::text, \(first)::date, \(last)::date
            ), \(unescaped: Self.subtreeCTEs), \(unescaped: unitCTEs)
            q (bucket, unit_id, form_id, form_version, question_id, satisfied, answered) AS (
                SELECT h.half_start, h.unit_id, h.form_id, h.form_version, h.question_id, h.satisfied, h.answered
                FROM satisfaction_halfmonthly h
                WHERE h.half_start BETWEEN \(halfFrom)::date AND \(halfTo)::date
                UNION ALL
                SELECT d.day, d.unit_id, d.form_id, d.form_version, d.question_id, d.satisfied, d.answered
                FROM satisfaction_daily d
                WHERE d.day BETWEEN \(leadFrom)::date AND \(leadTo)::date
                   OR d.day BETWEEN \(trailFrom)::date AND \(trailTo)::date
                UNION ALL
                SELECT s.day, s.unit_id, s.form_id, s.form_version, s.question_id, s.satisfied::integer::int8, 1::int8
                FROM scored_answers s
                WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM response_count_queue))
                  AND s.day BETWEEN \(first)::date AND \(last)::date
            ), r (bucket, unit_id, form_id, form_version, language, channel, responses, satisfied, answered) AS (
                SELECT h.half_start, h.unit_id, h.form_id, h.form_version, h.language, h.channel,
                       h.responses, h.satisfied, h.answered
                FROM response_halfmonthly h
                WHERE h.half_start BETWEEN \(halfFrom)::date AND \(halfTo)::date
                UNION ALL
                SELECT d.day, d.unit_id, d.form_id, d.form_version, d.language, d.channel, d.responses, 0::int8, 0::int8
                FROM response_daily d
                WHERE d.day BETWEEN \(leadFrom)::date AND \(leadTo)::date
                   OR d.day BETWEEN \(trailFrom)::date AND \(trailTo)::date
                UNION ALL
                SELECT (x.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, x.unit_id, x.form_id, x.form_version,
                       x.language, x.channel, 1::int8, 0::int8, 0::int8
                FROM responses x
                WHERE x.id = ANY (ARRAY (SELECT response_id FROM response_count_queue))
                  AND (x.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN \(first)::date AND \(last)::date
                -- Satisfied and answered per language or channel: the per-response rollups carry them for
                -- whole half-months; the daily rollup and the queue add the rest only when asked for.
                UNION ALL
                SELECT d.day, d.unit_id, d.form_id, d.form_version, d.language, d.channel, 0::int8, d.satisfied, d.answered
                FROM satisfaction_daily d
                WHERE \(audience)::boolean
                  AND (d.day BETWEEN \(leadFrom)::date AND \(leadTo)::date
                       OR d.day BETWEEN \(trailFrom)::date AND \(trailTo)::date)
                UNION ALL
                SELECT s.day, s.unit_id, s.form_id, s.form_version, s.language, s.channel, 0::int8, s.satisfied::integer::int8, 1::int8
                FROM scored_answers s
                WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM response_count_queue))
                  AND \(audience)::boolean
                  AND s.day BETWEEN \(first)::date AND \(last)::date
            ), counted (kind, key, form_id, form_version, question_id, element, position, satisfied, answered, responses) AS (
                SELECT 'q', \(unescaped: qKey), q.form_id, q.form_version, q.question_id, fq.element, min(fq.position),
                       sum(q.satisfied)::int8, sum(q.answered)::int8, 0::int8
                FROM q
                JOIN form_questions fq
                  ON fq.form_id = q.form_id AND fq.version = q.form_version AND fq.question_id = q.question_id
                \(unescaped: qUnitJoin)
                WHERE (\(formID)::text IS NULL OR q.form_id = \(formID)::text)
                  AND (\(formVersion)::integer IS NULL OR q.form_version = \(formVersion)::integer)
                GROUP BY 2, 3, 4, 5, 6
                UNION ALL
                SELECT 'r', \(unescaped: rKey), r.form_id, r.form_version, NULL::text, NULL::text, NULL::integer,
                       sum(r.satisfied)::int8, sum(r.answered)::int8, sum(r.responses)::int8
                FROM r
                \(unescaped: rUnitJoin)
                WHERE (\(formID)::text IS NULL OR r.form_id = \(formID)::text)
                  AND (\(formVersion)::integer IS NULL OR r.form_version = \(formVersion)::integer)
                GROUP BY 2, 3, 4
            )
            SELECT c.kind, c.key, c.form_id, c.form_version, c.question_id, c.element, c.position,
                   c.satisfied, c.answered, c.responses, u.names::text
            FROM counted c
            LEFT JOIN units u ON \(unescaped: byUnit ? "u.code = c.key" : "false")
            UNION ALL
            SELECT 'u', NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL
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
                         breakdown: SatisfactionBreakdown?) -> SatisfactionCounts {
        typealias Count = SatisfactionCounts.Count
        let questionRows = rows.filter { $0.kind == "q" }
        let responseRows = rows.filter { $0.kind == "r" }
        var pooled = Count.zero
        var elements = Dictionary(uniqueKeysWithValues: SatisfactionElement.allCases.map { ($0, Count.zero) })
        for row in questionRows {
            let count = Count(satisfied: row.satisfied, answered: row.answered)
            pooled = pooled + count
            if let element = row.element.flatMap(SatisfactionElement.init(rawValue:)) {
                elements[element]! = elements[element]! + count
            }
        }
        let respondents = responseRows.reduce(0) { $0 + $1.responses }
        var result: [SatisfactionCounts.Row] = []
        switch breakdown {
        case nil:
            break
        case .element:
            result = SatisfactionElement.allCases.map { element in
                SatisfactionCounts.Row(key: element.rawValue, satisfied: elements[element]!.satisfied,
                                       answered: elements[element]!.answered, respondents: nil)
            }
        case .question:
            // One row per form and question, every version summed, in form order.
            var order: [String: (position: Int, version: Int)] = [:]
            var counts: [String: Count] = [:]
            var info: [String: (form: String, question: String, element: String?)] = [:]
            for row in questionRows {
                guard let form = row.formID, let question = row.questionID else { continue }
                let id = form + "\u{1F}" + question
                counts[id] = (counts[id] ?? .zero) + Count(satisfied: row.satisfied, answered: row.answered)
                let version = row.formVersion ?? 0
                if order[id].map({ version > $0.version }) ?? true {
                    order[id] = (row.position ?? 0, version)
                    info[id] = (form, question, row.element)
                }
            }
            result = counts.keys.sorted { lhs, rhs in
                let (l, r) = (info[lhs]!, info[rhs]!)
                return (l.form, order[lhs]!.position, l.question) < (r.form, order[rhs]!.position, r.question)
            }.map { id in
                let count = counts[id]!
                let (form, question, element) = info[id]!
                return SatisfactionCounts.Row(key: question, formID: form,
                                              element: element.flatMap(SatisfactionElement.init(rawValue:)),
                                              satisfied: count.satisfied, answered: count.answered,
                                              respondents: count.answered)
            }
        case .unit, .month:
            var counts: [String: Count] = [:]
            var responses: [String: Int] = [:]
            var names: [String: [String: String]] = [:]
            for row in questionRows {
                let key = row.key ?? ""
                counts[key] = (counts[key] ?? .zero) + Count(satisfied: row.satisfied, answered: row.answered)
                if let json = row.namesJSON { names[key] = decodeNames(json) }
            }
            for row in responseRows {
                let key = row.key ?? ""
                responses[key, default: 0] += row.responses
                if let json = row.namesJSON { names[key] = decodeNames(json) }
            }
            let keys: [String]
            if breakdown == .month {
                keys = period.months(convention: convention).map(\.description)
            } else {
                keys = Set(counts.keys).union(responses.keys).sorted()
            }
            result = keys.map { key in
                let count = counts[key] ?? .zero
                return SatisfactionCounts.Row(key: key, names: names[key] ?? [:], satisfied: count.satisfied,
                                              answered: count.answered, respondents: responses[key] ?? 0)
            }
        case .language, .channel:
            var counts: [String: (count: Count, responses: Int)] = [:]
            for row in responseRows {
                let key = row.key ?? ""
                let previous = counts[key] ?? (.zero, 0)
                counts[key] = (previous.count + Count(satisfied: row.satisfied, answered: row.answered),
                               previous.responses + row.responses)
            }
            result = counts.keys.sorted().map { key in
                let (count, responses) = counts[key]!
                return SatisfactionCounts.Row(key: key, satisfied: count.satisfied, answered: count.answered,
                                              respondents: responses)
            }
        case .formVersion:
            var counts: [String: (form: String, version: Int, count: Count, responses: Int)] = [:]
            for row in questionRows + responseRows {
                guard let form = row.formID, let version = row.formVersion else { continue }
                let id = "\(form)\u{1F}\(version)"
                let previous = counts[id] ?? (form, version, .zero, 0)
                let count = row.kind == "q" ? Count(satisfied: row.satisfied, answered: row.answered) : .zero
                counts[id] = (form, version, previous.count + count, previous.responses + row.responses)
            }
            result = counts.values.sorted { ($0.form, $0.version) < ($1.form, $1.version) }.map { entry in
                SatisfactionCounts.Row(key: String(entry.version), formID: entry.form, satisfied: entry.count.satisfied,
                                       answered: entry.count.answered, respondents: entry.responses)
            }
        }
        return SatisfactionCounts(period: period, convention: convention, firstDay: window.first, lastDay: window.last,
                                  unitCode: unitCode, formID: formID, formVersion: formVersion, breakdown: breakdown,
                                  pooled: pooled, elements: elements, respondents: respondents, rows: result)
    }

    static func decodeNames(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
