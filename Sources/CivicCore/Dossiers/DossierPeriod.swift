/// The days one row of dossier statistics covers: one day, or one calendar month.
///
/// Guarantees: `firstDay <= lastDay`; a month covers its whole calendar month. Encodes as its text
/// (`2026-03-15` or `2026-03`).
public enum DossierPeriod: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    case day(CalendarDate)
    case month(YearMonth)

    public var firstDay: CalendarDate {
        switch self {
        case .day(let day): day
        case .month(let month): month.firstDay
        }
    }

    public var lastDay: CalendarDate {
        switch self {
        case .day(let day): day
        case .month(let month): month.lastDay
        }
    }

    /// `day` or `month`, as stored.
    public var granularity: String {
        switch self {
        case .day: "day"
        case .month: "month"
        }
    }

    public var description: String {
        switch self {
        case .day(let day): day.description
        case .month(let month): month.description
        }
    }

    /// Whether the two periods share a day.
    public func overlaps(_ other: DossierPeriod) -> Bool {
        firstDay <= other.lastDay && other.firstDay <= lastDay
    }

    /// Reads a day or a month as offices write them: `2026-03-15` or `15/03/2026` (day first, as
    /// in Vietnam), `2026-03` or `03/2026`; one-digit days and months are allowed in the slash
    /// forms. Nil for anything else or an impossible date.
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let day = CalendarDate(text) {
            self = .day(day)
            return
        }
        if let month = YearMonth(text) {
            self = .month(month)
            return
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.last?.count == 4
        else { return nil }
        let numbers = parts.compactMap { Int($0) }
        switch numbers.count {
        case 3 where parts[0].count <= 2 && parts[1].count <= 2:
            guard let day = CalendarDate(year: numbers[2], month: numbers[1], day: numbers[0]) else { return nil }
            self = .day(day)
        case 2 where parts[0].count <= 2:
            guard let month = YearMonth(year: numbers[1], month: numbers[0]) else { return nil }
            self = .month(month)
        default:
            return nil
        }
    }

    public static func < (lhs: DossierPeriod, rhs: DossierPeriod) -> Bool {
        (lhs.firstDay, lhs.lastDay) < (rhs.firstDay, rhs.lastDay)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = DossierPeriod(parsing: text), period.description == text else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM-DD or YYYY-MM, got '\(text)'")
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
