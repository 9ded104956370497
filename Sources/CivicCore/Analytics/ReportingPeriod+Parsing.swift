extension ReportingPeriod {
    /// Parses one of the spellings in the table on ``ReportingPeriod``: `2026`, `2026-H1`,
    /// `2026-H2`, `2026-Q1` … `2026-Q4` (with `2026-Q3` the January–September report),
    /// `2026-Qn-only` (one quarter alone), `2026-09`, or `YYYY-MM-DD/YYYY-MM-DD` (a custom period,
    /// both days included). Letters may be in either case; nothing else is tolerated (no spaces).
    /// - Throws: ``ReportingPeriodError``: `.unrecognized` for another spelling, or the error of
    ///   ``validated(_:)`` for a year, part or span out of range.
    public init(parsing text: String) throws(ReportingPeriodError) {
        if text.contains("/") {
            let ends = text.split(separator: "/", omittingEmptySubsequences: false)
            guard ends.count == 2, let from = CalendarDate(String(ends[0])), let to = CalendarDate(String(ends[1]))
            else { throw .unrecognized(text) }
            self = try ReportingPeriod(from: from, to: to)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.uppercased() }
        guard (1...3).contains(parts.count), let year = Self.digits(parts[0], count: 4) else {
            throw .unrecognized(text)
        }
        let kind: Kind
        switch parts.count {
        case 1:
            kind = .year(year)
        case 2:
            let part = parts[1]
            if let month = Self.digits(part, count: 2) {
                kind = .month(year: year, month: month)
            } else if part.first == "Q", let quarter = Self.digits(part.dropFirst(), count: 1) {
                kind = quarter == 3 ? .nineMonths(year: year) : .quarter(year: year, quarter: quarter)
            } else if part.first == "H", let half = Self.digits(part.dropFirst(), count: 1) {
                kind = .halfYear(year: year, half: half)
            } else {
                throw .unrecognized(text)
            }
        default:
            guard parts[1].first == "Q", let quarter = Self.digits(parts[1].dropFirst(), count: 1),
                  parts[2] == "ONLY"
            else { throw .unrecognized(text) }
            kind = .quarter(year: year, quarter: quarter)
        }
        self = try Self.validated(kind)
    }

    /// Parses like ``init(parsing:)``; nil instead of an error.
    public init?(_ text: String) {
        guard let period = try? ReportingPeriod(parsing: text) else { return nil }
        self = period
    }

    /// Exactly `count` ASCII digits, as a number.
    private static func digits(_ text: some StringProtocol, count: Int) -> Int? {
        guard text.count == count, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
