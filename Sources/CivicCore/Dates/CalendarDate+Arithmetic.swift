import Foundation

// Day arithmetic on the proleptic Gregorian calendar, in plain integers: deadlines are counted in
// days, and Foundation's Calendar would bring time zones and DST into a question that has none.
extension CalendarDate {
    /// Days since 0001-01-01 (which is day 1, a Monday), on the proleptic Gregorian calendar
    /// ("Rata Die"). Consecutive dates have consecutive numbers.
    var dayNumber: Int {
        // Howard Hinnant's days_from_civil, shifted so that the year starts on 1 March and the
        // leap day is the last day of the shifted year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // days_from_civil counts from 1970-01-01; 0001-01-01 is 719_162 days before it.
        return era * 146_097 + dayOfEra - 719_468 + 719_163
    }

    /// The date whose ``dayNumber`` is `dayNumber`; nil outside years 1...9999.
    init?(dayNumber: Int) {
        let z = dayNumber - 719_163 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` days later (earlier when negative).
    ///
    /// Guarantees: `d.adding(days: n).daysSince(d) == n`, and `adding(days: 0)` is the date itself.
    /// - Precondition: the result lies in years 1...9999, the range ``CalendarDate`` can hold.
    public func adding(days: Int) -> CalendarDate {
        guard let date = CalendarDate(dayNumber: dayNumber + days) else {
            preconditionFailure("\(self) + \(days) days is outside years 1...9999")
        }
        return date
    }

    /// The ISO 8601 day of the week: 1 = Monday … 6 = Saturday, 7 = Sunday.
    public var weekday: Int {
        // Day 1 (0001-01-01) is a Monday.
        (dayNumber - 1) % 7 + 1
    }

    /// How many days `self` is after `other`: negative when it is before, 0 on the same day.
    public func daysSince(_ other: CalendarDate) -> Int {
        dayNumber - other.dayNumber
    }
}
