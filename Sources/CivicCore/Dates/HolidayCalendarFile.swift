import Foundation

/// The public holidays and swapped working days of `Forms/workflow/holidays.yaml`, from which
/// deadlines are counted.
///
/// Holidays are data: Tết and Giỗ Tổ Hùng Vương follow the lunar calendar, and each year the
/// government decides the exact Tết days and any swaps (Bộ luật Lao động 2019, Art. 111–112).
///
/// Guarantees (when parsed without issues): dates are unique across both lists; every working day
/// is a Saturday or Sunday; every compensatory or swapped day off is a weekday; both lists are
/// sorted by date.
public struct HolidayCalendarFile: Sendable, Hashable, Codable {
    /// Why a day is off.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A public holiday itself (ngày lễ, Tết), even when it falls on a weekend.
        case holiday
        /// A day off in lieu of a holiday that fell on a weekend (nghỉ bù, Art. 111(3)).
        case compensatory
        /// A working day moved to a Saturday to join two breaks (hoán đổi ngày làm việc).
        case swapped
    }

    /// A day off.
    public struct Holiday: Sendable, Hashable, Codable {
        public let date: CalendarDate
        public let name: LocalizedText
        public let kind: Kind
        /// Expected but not yet announced (or not yet in force): check and update the file.
        public let provisional: Bool

        public init(date: CalendarDate, name: LocalizedText, kind: Kind = .holiday, provisional: Bool = false) {
            self.date = date
            self.name = name
            self.kind = kind
            self.provisional = provisional
        }
    }

    /// A Saturday or Sunday that is worked, the other half of a swap.
    public struct WorkingDay: Sendable, Hashable, Codable {
        public let date: CalendarDate
        public let note: LocalizedText?
        public let provisional: Bool

        public init(date: CalendarDate, note: LocalizedText? = nil, provisional: Bool = false) {
            self.date = date
            self.note = note
            self.provisional = provisional
        }
    }

    /// By date.
    public let holidays: [Holiday]
    /// By date.
    public let workingDays: [WorkingDay]

    /// Sorts both lists by date; does not check them (``parse(yaml:file:)`` does).
    public init(holidays: [Holiday], workingDays: [WorkingDay] = []) {
        self.holidays = holidays.sorted { $0.date < $1.date }
        self.workingDays = workingDays.sorted { $0.date < $1.date }
    }

    /// The calendar these days make: Saturdays and Sundays off, the holidays off, the working
    /// days worked.
    public var calendar: WorkingCalendar {
        WorkingCalendar(holidays: Set(holidays.map(\.date)), extraWorkingDays: Set(workingDays.map(\.date)))
    }

    /// The holiday on `date`, if there is one.
    public func holiday(on date: CalendarDate) -> Holiday? {
        holidays.first { $0.date == date }
    }

    /// The years that have at least one holiday listed. A deadline in any other year is counted
    /// with weekends only, so callers may warn when a date falls outside.
    public var years: Set<Int> {
        Set(holidays.map(\.date.year))
    }

    /// Every date marked provisional, in either list, sorted.
    public var provisionalDates: [CalendarDate] {
        (holidays.filter(\.provisional).map(\.date) + workingDays.filter(\.provisional).map(\.date)).sorted()
    }

    /// Reads `Forms/workflow/holidays.yaml` at `url`; issues name the file by its path.
    /// - Throws: ``FormValidationErrors`` with every issue.
    public static func load(url: URL) throws(FormValidationErrors) -> HolidayCalendarFile {
        try parse(yaml: try WorkflowYAML.read(url), file: url.path)
    }
}
