/// A set of organisational units to create or update by code, read from a YAML, JSON or CSV file.
///
/// Guarantees (when parsing succeeded): codes are unique and valid; every unit has a Vietnamese
/// name; `effectiveTo` (exclusive) is after `effectiveFrom`; a unit with successors has an
/// `effectiveTo` (the day the succession takes effect); no unit is its own parent or successor,
/// no parent chain inside the file loops, and parents in the file come before their children.
/// References to units outside the file are checked by ``problems(against:)``.
public struct UnitImport: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case province, department, commune, office
    }

    /// How a unit passed into its successors: several into one (merger), one into several (split),
    /// or one into one under another code or parent (rename).
    public enum SuccessionKind: String, Sendable, Hashable, CaseIterable, Codable {
        case merger, split, rename
    }

    /// Where an entry was written, for messages about it.
    public struct Position: Sendable, Hashable {
        public let line: Int
        public let column: Int
        /// `units[3]` in YAML, `row 4` in CSV.
        public let keyPath: String
    }

    public struct Unit: Sendable, Hashable {
        public let code: String
        public let parent: String?
        public let kind: Kind
        /// Names per language tag; always has `vi`. NFC.
        public let names: [String: String]
        public let effectiveFrom: CalendarDate
        /// Exclusive: the first day the unit no longer exists.
        public let effectiveTo: CalendarDate?
        public let successors: [String]
        public let succession: SuccessionKind
        public let position: Position
    }

    /// What is already stored, for the checks that reach outside the file.
    public struct ExistingUnit: Sendable, Hashable {
        public let code: String
        public let parent: String?
        public let effectiveFrom: CalendarDate
        public let effectiveTo: CalendarDate?

        public init(code: String, parent: String?, effectiveFrom: CalendarDate, effectiveTo: CalendarDate?) {
            self.code = code
            self.parent = parent
            self.effectiveFrom = effectiveFrom
            self.effectiveTo = effectiveTo
        }
    }

    /// The file that was read, as named in issues.
    public let file: String
    /// Parents before children.
    public let units: [Unit]

    /// Parses `contents` as CSV when `path` ends in `.csv`, otherwise as YAML (JSON included).
    /// - Throws: ``FormValidationErrors`` with every problem, each at its line.
    public static func parse(contents: String, path: String) throws(FormValidationErrors) -> UnitImport {
        path.lowercased().hasSuffix(".csv") ? try parse(csv: contents, file: path) : try parse(yaml: contents, file: path)
    }

    /// The checks that need the stored units: every parent and successor exists (in the file or
    /// stored), a unit lives within its parent's period, a successor exists on the day of the
    /// succession, and no parent chain loops. The file's units replace stored ones of the same code.
    public func problems(against existing: [ExistingUnit]) -> [FormIssue] {
        var periods: [String: (parent: String?, from: CalendarDate, to: CalendarDate?)] = [:]
        for unit in existing { periods[unit.code] = (unit.parent, unit.effectiveFrom, unit.effectiveTo) }
        for unit in units { periods[unit.code] = (unit.parent, unit.effectiveFrom, unit.effectiveTo) }
        var issues: [FormIssue] = []
        func report(_ unit: Unit, _ field: String, _ message: String) {
            issues.append(FormIssue(file: file, line: unit.position.line, column: unit.position.column,
                                    keyPath: "\(unit.position.keyPath).\(field)", message: message))
        }
        for unit in units {
            if let parentCode = unit.parent {
                if let parent = periods[parentCode] {
                    if unit.effectiveFrom < parent.from {
                        report(unit, "effective_from", "\(unit.code) starts on \(unit.effectiveFrom), before its parent \(parentCode) (\(parent.from))")
                    }
                    if let parentEnd = parent.to, unit.effectiveTo.map({ $0 > parentEnd }) ?? true {
                        report(unit, "effective_to", "\(unit.code) must end by \(parentEnd), when its parent \(parentCode) ends")
                    }
                } else {
                    report(unit, "parent", "unknown parent '\(parentCode)': it is neither in this file nor stored")
                }
            }
            for successorCode in unit.successors {
                guard let successor = periods[successorCode] else {
                    report(unit, "successor", "unknown successor '\(successorCode)': it is neither in this file nor stored")
                    continue
                }
                if let day = unit.effectiveTo, day < successor.from || successor.to.map({ day >= $0 }) ?? false {
                    report(unit, "successor", "successor \(successorCode) does not exist on \(day), the day \(unit.code) passes into it")
                }
            }
            var seen: Set<String> = [unit.code]
            var next = unit.parent
            while let code = next {
                if seen.contains(code) {
                    report(unit, "parent", "the parent chain of \(unit.code) loops back to \(code)")
                    break
                }
                seen.insert(code)
                next = periods[code]?.parent
            }
        }
        return issues
    }
}
