/// A period analytics are reported for: a year, the 6-month report, a quarter, the 9-month
/// (Q3) report, a month, or a custom span of days.
///
/// Vietnamese periodic reports are cumulative from January: the Q1 report covers January–March,
/// the 6-month report January–June, the **Q3 report January–September**, and the year report the
/// year (DOMAIN.md, "Reporting periods"). So the spelling `2026-Q3` means the Q3 *report*
/// (``Kind/nineMonths(year:)``), and the single quarter July–September is spelled `2026-Q3-only`.
/// The other quarters are single quarters (`2026-Q1` is also the Q1 report; `2026-Q2` is
/// April–June, since the 6-month report is `2026-H1`; `2026-Q4` is October–December).
///
/// Spellings (``init(parsing:)``, ``description``, and the Codable form):
///
/// | text | kind | calendar days |
/// | --- | --- | --- |
/// | `2026` | ``Kind/year(_:)`` | 2026-01-01 … 2026-12-31 |
/// | `2026-H1`, `2026-H2` | ``Kind/halfYear(year:half:)`` | Jan–Jun, Jul–Dec |
/// | `2026-Q1`, `2026-Q2`, `2026-Q4` | ``Kind/quarter(year:quarter:)`` | Jan–Mar, Apr–Jun, Oct–Dec |
/// | `2026-Q3` | ``Kind/nineMonths(year:)`` | Jan–Sep (the Q3 report) |
/// | `2026-Q3-only` (also `-Q1-only`, …) | ``Kind/quarter(year:quarter:)`` | Jul–Sep |
/// | `2026-09` | ``Kind/month(year:month:)`` | 2026-09-01 … 2026-09-30 |
/// | `2026-01-15/2026-03-20` | ``Kind/custom(from:to:)`` | those days, inclusive |
///
/// Letters may be lower case on input; ``description`` writes the canonical spelling above.
/// Days are turned into instants in Vietnam's time zone (``instantRange(convention:)``).
///
/// Guarantees: a period made by a public initializer has a year in ``supportedYears`` (both ends,
/// for a custom period), a quarter in 1...4, a half in 1...2, a month in 1...12; a custom period has
/// `from <= to` and at most ``maximumCustomDays`` days. ``previous`` and ``sameTimeLastYear`` step
/// back without that check on the year, so a chain of them can leave the range.
public struct ReportingPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What a period covers.
    public enum Kind: Sendable, Hashable {
        /// A calendar year (the year report).
        case year(Int)
        /// Half 1 = January–June (the 6-month report, "6 tháng đầu năm"), half 2 = July–December.
        case halfYear(year: Int, half: Int)
        /// One quarter alone: 1 = Jan–Mar, 2 = Apr–Jun, 3 = Jul–Sep, 4 = Oct–Dec.
        case quarter(year: Int, quarter: Int)
        /// January–September: the Q3 report ("9 tháng").
        case nineMonths(year: Int)
        /// One calendar month.
        case month(year: Int, month: Int)
        /// The days `from` … `to`, inclusive. The same under both conventions.
        case custom(from: CalendarDate, to: CalendarDate)
    }

    /// How a period's days are chosen.
    public enum Convention: String, Sendable, Hashable, Codable, CaseIterable {
        /// Calendar months: Q1 is 1 January … 31 March. The default.
        case calendar
        /// The data cut-off of Nghị định 09/2019/NĐ-CP Art. 12: from the 15th of the month before
        /// the period to the 14th of its last month; so the year runs from 15/12 of the year before
        /// to 14/12, and Q1 from 15/12 to 14/3. Art. 12 lists monthly, quarterly, 6-month and
        /// yearly reports; the same rule is applied here to the 9-month report (15/12 … 14/9), to
        /// H2 (15/6 … 14/12) and to single quarters. A custom period keeps its own days.
        case cutoff
    }

    /// Years a period may be made for: wide enough for any real report, narrow enough that the
    /// cut-off of the first month (in the year before) and the day after the last are real dates.
    public static let supportedYears = 1901...9998

    /// The longest custom period, in days: five years with two leap days (5 × 365 + 2).
    public static let maximumCustomDays = 1827

    public let kind: Kind

    /// A period of `kind`, or nil when ``validated(_:)`` refuses it.
    public init?(kind: Kind) {
        guard let period = try? Self.validated(kind) else { return nil }
        self = period
    }

    /// The custom period `from` … `to`, both days included.
    /// - Throws: ``ReportingPeriodError`` when `to < from`, when it spans more than
    ///   ``maximumCustomDays`` days, or when a year is outside ``supportedYears``.
    public init(from: CalendarDate, to: CalendarDate) throws(ReportingPeriodError) {
        self = try Self.validated(.custom(from: from, to: to))
    }

    /// A period from a kind the caller has already checked, or derived from a checked one.
    init(unchecked kind: Kind) {
        self.kind = kind
    }

    /// `kind` as a period, after checking the guarantees listed on the type.
    /// - Throws: ``ReportingPeriodError`` naming the first problem.
    public static func validated(_ kind: Kind) throws(ReportingPeriodError) -> ReportingPeriod {
        func checkYear(_ year: Int) throws(ReportingPeriodError) {
            guard supportedYears.contains(year) else { throw .yearOutOfRange(year) }
        }
        switch kind {
        case .year(let year), .nineMonths(let year):
            try checkYear(year)
        case .halfYear(let year, let half):
            try checkYear(year)
            guard (1...2).contains(half) else { throw .partOutOfRange("half \(half)") }
        case .quarter(let year, let quarter):
            try checkYear(year)
            guard (1...4).contains(quarter) else { throw .partOutOfRange("quarter \(quarter)") }
        case .month(let year, let month):
            try checkYear(year)
            guard (1...12).contains(month) else { throw .partOutOfRange("month \(month)") }
        case .custom(let from, let to):
            try checkYear(from.year)
            try checkYear(to.year)
            guard from <= to else { throw .endBeforeStart(from: from, to: to) }
            let days = to.daysSince(from) + 1
            guard days <= maximumCustomDays else { throw .tooLong(days: days) }
        }
        return ReportingPeriod(unchecked: kind)
    }

    /// The canonical spelling (see the table on the type): `2026`, `2026-H1`, `2026-Q1`,
    /// `2026-Q3` (January–September), `2026-Q3-only`, `2026-09`, `2026-01-15/2026-03-20`.
    public var description: String {
        switch kind {
        case .year(let year): Self.pad(year, 4)
        case .halfYear(let year, let half): "\(Self.pad(year, 4))-H\(half)"
        case .quarter(let year, 3): "\(Self.pad(year, 4))-Q3-only"
        case .quarter(let year, let quarter): "\(Self.pad(year, 4))-Q\(quarter)"
        case .nineMonths(let year): "\(Self.pad(year, 4))-Q3"
        case .month(let year, let month): "\(Self.pad(year, 4))-\(Self.pad(month, 2))"
        case .custom(let from, let to): "\(from)/\(to)"
        }
    }

    /// Decodes the canonical spelling (any spelling ``init(parsing:)`` accepts).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try ReportingPeriod(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes ``description``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
