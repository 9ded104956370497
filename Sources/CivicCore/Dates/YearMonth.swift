/// A calendar month, `YYYY-MM`: one point of a per-month trend.
///
/// Guarantees: `month` in 1...12, `year` in 1...9999; ordering is chronological. Encodes as its
/// `YYYY-MM` string.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Nil for a month outside 1...12 or a year outside 1...9999.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month of `date`.
    public init(_ date: CalendarDate) {
        year = date.year
        month = date.month
    }

    /// Parses exactly `YYYY-MM`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// `YYYY-MM`.
    public var description: String {
        "\(ReportingPeriod.pad(year, 4))-\(ReportingPeriod.pad(month, 2))"
    }

    /// Chronological order.
    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// The month after. - Precondition: not December 9999.
    public var next: YearMonth {
        guard let next = month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1)
        else { preconditionFailure("no month after \(self)") }
        return next
    }

    /// The month before. - Precondition: not January of year 1.
    public var previous: YearMonth {
        guard let previous = month == 1 ? YearMonth(year: year - 1, month: 12) : YearMonth(year: year, month: month - 1)
        else { preconditionFailure("no month before \(self)") }
        return previous
    }

    /// The 1st of the month.
    public var firstDay: CalendarDate {
        CalendarDate(year: year, month: month, day: 1)!
    }

    /// The last day of the month (28th to 31st).
    public var lastDay: CalendarDate {
        // The day before the 1st of the next month, without stepping past year 9999.
        (28...31).reversed().lazy.compactMap { CalendarDate(year: self.year, month: self.month, day: $0) }.first!
    }

    /// The month as a reporting period (``ReportingPeriod/Kind/month(year:month:)``), whose
    /// ``ReportingPeriod/dateRange(convention:)`` gives its days under either convention.
    public var period: ReportingPeriod {
        ReportingPeriod(unchecked: .month(year: year, month: month))
    }

    /// Decodes the `YYYY-MM` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = YearMonth(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a YYYY-MM month")
        }
        self = value
    }

    /// Encodes ``description``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
