extension ReportingPeriod {
    /// The Vietnamese name of the period, as report titles write it: "Năm 2026",
    /// "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "Quý I/2026", "9 tháng năm 2026",
    /// "Tháng 9/2026", "Từ 15/01/2026 đến 20/03/2026". The convention does not change the name
    /// (see ``dateRangeLabel(convention:language:)`` for the days).
    public var label: String {
        switch kind {
        case .year(let year): "Năm \(year)"
        case .halfYear(let year, 1): "6 tháng đầu năm \(year)"
        case .halfYear(let year, _): "6 tháng cuối năm \(year)"
        case .quarter(let year, let quarter): "Quý \(Self.roman(quarter))/\(year)"
        case .nineMonths(let year): "9 tháng năm \(year)"
        case .month(let year, let month): "Tháng \(month)/\(year)"
        case .custom(let from, let to): "Từ \(Self.vietnamese(from)) đến \(Self.vietnamese(to))"
        }
    }

    /// The English name: "Year 2026", "First half of 2026", "Second half of 2026", "Q1 2026",
    /// "January–September 2026", "September 2026", "2026-01-15 to 2026-03-20".
    public var englishLabel: String {
        switch kind {
        case .year(let year): "Year \(year)"
        case .halfYear(let year, 1): "First half of \(year)"
        case .halfYear(let year, _): "Second half of \(year)"
        case .quarter(let year, let quarter): "Q\(quarter) \(year)"
        case .nineMonths(let year): "January–September \(year)"
        case .month(let year, let month): "\(Self.englishMonths[month - 1]) \(year)"
        case .custom(let from, let to): "\(from) to \(to)"
        }
    }

    /// ``englishLabel`` for a language tag starting with `en`, ``label`` (Vietnamese, the base
    /// language) for any other: minority languages fall back to Vietnamese.
    public func label(language: String) -> String {
        Self.isEnglish(language) ? englishLabel : label
    }

    /// The days of the period under `convention`, for a report's subtitle: "từ 15/12/2025 đến
    /// 14/03/2026" in Vietnamese, "2025-12-15 to 2026-03-14" in English (tags starting `en`).
    public func dateRangeLabel(convention: Convention = .calendar, language: String = "vi") -> String {
        let range = dateRange(convention: convention)
        return Self.isEnglish(language)
            ? "\(range.first) to \(range.last)"
            : "từ \(Self.vietnamese(range.first)) đến \(Self.vietnamese(range.last))"
    }

    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    private static func isEnglish(_ language: String) -> Bool {
        let lower = language.lowercased()
        return lower == "en" || lower.hasPrefix("en-") || lower.hasPrefix("en_")
    }

    private static func roman(_ quarter: Int) -> String {
        ["I", "II", "III", "IV"][quarter - 1]
    }

    /// `dd/MM/yyyy`, as Vietnamese documents write dates.
    private static func vietnamese(_ date: CalendarDate) -> String {
        "\(pad(date.day, 2))/\(pad(date.month, 2))/\(pad(date.year, 4))"
    }
}
