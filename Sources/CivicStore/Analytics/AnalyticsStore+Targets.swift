import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// One row of `metric_targets`: the rate a unit (nil: every unit) is held to for a form (nil:
    /// every form) from the 1st of a month on (nil: every period; settings made before targets had
    /// an effective period). A nil target ends the unit's own target from that month: it inherits.
    public struct TargetSetting: Sendable, Hashable, Codable {
        public let unitCode: String?
        public let formID: String?
        public let effectiveFrom: YearMonth?
        public let target: Double?

        /// The same setting as ``TargetResolution`` takes it.
        public var resolutionSetting: TargetResolution.Setting {
            TargetResolution.Setting(unit: unitCode, form: formID, from: effectiveFrom, target: target)
        }
    }

    /// The targets of some units on some days, as one query found them (``targets(unitCodes:formID:on:logger:)``).
    public struct TargetTable: Sendable {
        fileprivate let units: [CalendarDate: [String: Double]]
        fileprivate let fallbacks: [CalendarDate: Double]

        /// The target of `unitCode` (nil, or a code not asked for or not found: the default) on
        /// `day` (one of the days asked for; another gets the built-in 90%).
        public func target(_ unitCode: String?, on day: CalendarDate) -> Double {
            unitCode.flatMap { units[day]?[$0] } ?? fallbacks[day] ?? RateReport.satisfactionTarget
        }
    }

    /// What a change of a target does from its month on.
    public enum TargetChange: Sendable, Hashable {
        /// Hold the unit (or every unit) to this rate, 0…1.
        case rate(Double)
        /// End the unit's own target: from that month it inherits again.
        case inherit
        /// Remove the setting itself (a correction of one made by mistake): the periods it covered
        /// get what applied without it.
        case remove
    }

    /// The satisfaction target for `unitCode` and `formID` on `day` (a report's: its period's last
    /// day): the setting in force then nearest the unit, looking first at the unit, then at its
    /// parent and so on up to the root, then at the default (no unit); at each level a setting for
    /// the form beats one for every form (``TargetResolution`` states the rule). 90%
    /// (``RateReport/satisfactionTarget``) when nothing applies. A unit that does not exist gets the
    /// default.
    public func target(unitCode: String?, formID: String?, on day: CalendarDate, logger: Logger) async throws -> Double {
        try await targets(unitCodes: unitCode.map { [$0] } ?? [], formID: formID, on: [day], logger: logger)
            .target(unitCode, on: day)
    }

    /// ``target(unitCode:formID:on:logger:)`` for several units in one query (the rows of a
    /// breakdown by unit); every code asked for has an entry.
    public func targets(unitCodes: [String], formID: String?, on day: CalendarDate,
                        logger: Logger) async throws -> [String: Double] {
        let table = try await targets(unitCodes: unitCodes, formID: formID, on: [day], logger: logger)
        return Dictionary(unitCodes.map { ($0, table.target($0, on: day)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every setting, the defaults (no unit) first, then by unit code, form and month.
    public func targetSettings(logger: Logger) async throws -> [TargetSetting] {
        try await database.query("""
            SELECT u.code,
                   t.form_id,
                   to_char(t.effective_from, 'YYYY-MM'),
                   t.target::float8
            FROM metric_targets t
            LEFT JOIN units u ON u.id = t.unit_id
            ORDER BY u.code NULLS FIRST, t.form_id NULLS FIRST, t.effective_from NULLS FIRST
            """, logger: logger) { row in
            let (code, form, from, target) = try row.decode((String?, String?, String?, Double?).self)
            return TargetSetting(unitCode: code, formID: form, effectiveFrom: from.flatMap(YearMonth.init), target: target)
        }
    }

    /// Changes the target of `unitCode` (nil: the default) for `formID` (nil: every form) from the
    /// 1st of `month` on (nil: the setting for every period, which only settings made before
    /// targets had an effective period use), recorded in the audit log as `targets.set` in the same
    /// transaction with the value it replaced. Periods that end before `month` keep their target.
    /// - Throws: ``AnalyticsQueryError`` for a target outside 0…1, an unknown unit or form.
    public func setTarget(_ change: TargetChange, unitCode: String?, formID: String?, from month: YearMonth?,
                          by actor: AuditLog.Actor, logger: Logger) async throws {
        if case .rate(let target) = change, !(target.isFinite && (0...1).contains(target)) {
            throw AnalyticsQueryError.targetOutOfRange(target)
        }
        // numeric(5,4): the stored value is the text of the rounded number, not a binary double.
        let text: String? = if case .rate(let target) = change { String(format: "%.4f", target) } else { nil }
        let from = month?.firstDay.description
        try await database.withTransaction(logger: logger) { connection in
            var unitID: Int64?
            if let unitCode {
                for try await id in try await connection.query("""
                    SELECT id
                    FROM units
                    WHERE code = \(unitCode)
                    """, logger: logger).decode(Int64.self) {
                    unitID = id
                }
                guard unitID != nil else { throw AnalyticsQueryError.unknownUnit(unitCode) }
            }
            if let formID {
                var found = false
                for try await _ in try await connection.query("""
                    SELECT id
                    FROM forms
                    WHERE id = \(formID)
                    """, logger: logger) {
                    found = true
                }
                guard found else { throw AnalyticsQueryError.unknownForm(formID) }
            }
            // The setting this change replaces, for the audit record (locked: two admins at once
            // each record what they replaced).
            var before = "none"
            for try await previous in try await connection.query("""
                SELECT t.target::text
                FROM metric_targets t
                WHERE t.unit_id IS NOT DISTINCT FROM \(unitID)::bigint
                  AND t.form_id IS NOT DISTINCT FROM \(formID)::text
                  AND t.effective_from IS NOT DISTINCT FROM \(from)::date
                FOR UPDATE
                """, logger: logger).decode(String?.self) {
                before = previous ?? "inherit"
            }
            switch change {
            case .rate, .inherit:
                try await connection.query("""
                    INSERT INTO metric_targets (unit_id, form_id, effective_from, target)
                    VALUES (\(unitID), \(formID), \(from)::date, \(text)::numeric)
                    ON CONFLICT ON CONSTRAINT metric_targets_key DO UPDATE
                    SET target = excluded.target,
                        updated_at = now()
                    """, logger: logger)
            case .remove:
                try await connection.query("""
                    DELETE FROM metric_targets
                    WHERE unit_id IS NOT DISTINCT FROM \(unitID)::bigint
                      AND form_id IS NOT DISTINCT FROM \(formID)::text
                      AND effective_from IS NOT DISTINCT FROM \(from)::date
                    """, logger: logger)
            }
            let after: String = switch change {
            case .rate: text ?? ""
            case .inherit: "inherit"
            case .remove: "removed"
            }
            try await AuditLog.append("targets.set", objectType: "metric_target",
                                      objectID: "\(unitCode ?? "*")/\(formID ?? "*")/\(month?.description ?? "*")",
                                      details: ["target": .string(after), "previous": .string(before),
                                                "effective_from": .string(month?.description ?? "every period")],
                                      by: actor, on: connection, logger: logger)
        }
    }

    /// The targets in force on each of `days` for each code (and the default's, for no unit or a
    /// code not found): one recursive query up the parent chain. For each day and code it takes,
    /// at each level and for the form and for every form, the latest setting in effect that day;
    /// one with no target leaves that key out; then the nearest level, the form's before every form's.
    public func targets(unitCodes: [String], formID: String?, on days: [CalendarDate],
                        logger: Logger) async throws -> TargetTable {
        let rows = try await database.query("""
            WITH RECURSIVE wanted (code) AS (
                SELECT unnest(\(unitCodes)::text[])
                UNION ALL
                SELECT NULL::text
            ), asked (day) AS (
                SELECT DISTINCT unnest(\(days.map(\.description))::date[])
            ), levels (code, unit_id, depth) AS (
                SELECT w.code, u.id, 0
                FROM wanted w
                JOIN units u ON u.code = w.code
                UNION ALL
                SELECT l.code, u.parent_id, l.depth + 1
                FROM levels l
                JOIN units u ON u.id = l.unit_id
                WHERE u.parent_id IS NOT NULL
                  AND l.depth < 64
            ), candidates (code, unit_id, depth) AS (
                SELECT code, unit_id, depth
                FROM levels
                UNION ALL
                SELECT code, NULL::bigint, 2147483647
                FROM wanted
            ), in_force (day, code, depth, form_id, target) AS (
                SELECT DISTINCT ON (a.day, c.code, c.depth, t.form_id)
                       a.day,
                       c.code,
                       c.depth,
                       t.form_id,
                       t.target
                FROM asked a
                CROSS JOIN candidates c
                JOIN metric_targets t
                  ON t.unit_id IS NOT DISTINCT FROM c.unit_id
                 AND (t.form_id IS NULL OR t.form_id = \(formID)::text)
                 AND (t.effective_from IS NULL OR t.effective_from <= a.day)
                ORDER BY a.day, c.code, c.depth, t.form_id, t.effective_from DESC NULLS LAST
            )
            SELECT DISTINCT ON (f.day, f.code)
                   to_char(f.day, 'YYYY-MM-DD'),
                   f.code,
                   f.target::float8
            FROM in_force f
            WHERE f.target IS NOT NULL
            ORDER BY f.day, f.code, f.depth, f.form_id IS NULL
            """, logger: logger) { try $0.decode((String, String?, Double).self) }
        var units: [CalendarDate: [String: Double]] = [:]
        var fallbacks: [CalendarDate: Double] = [:]
        for (text, code, target) in rows {
            guard let day = CalendarDate(text) else { continue }
            if let code { units[day, default: [:]][code] = target } else { fallbacks[day] = target }
        }
        return TargetTable(units: units, fallbacks: fallbacks)
    }
}
