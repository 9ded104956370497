extension DeadlinePolicy {
    /// The working days an item of `category` has, from its receipt, to be classified (accepted
    /// or marked out of scope): the category's number, else ``classificationDefaultDays``.
    public func classificationDays(category: String?) -> Int {
        category.flatMap { classificationCategories[$0] } ?? classificationDefaultDays
    }

    /// The day by which an item received on `receivedOn` must be classified; counted like a
    /// handling deadline (the day of receipt does not count).
    public func classificationDueDate(receivedOn: CalendarDate, category: String?,
                                      calendar: WorkingCalendar) -> CalendarDate {
        calendar.addingWorkingDays(classificationDays(category: category), to: receivedOn)
    }

    /// For `today`, the last day of receipt whose classification deadline has passed, per
    /// category and for the others: an item still `received` is overdue exactly when it was
    /// received on or before its category's day. Queries compare `received_on` with these days
    /// instead of counting working days row by row.
    public func classificationCutoffs(today: CalendarDate, calendar: WorkingCalendar) -> ClassificationCutoffs {
        ClassificationCutoffs(
            today: today,
            otherCategories: Self.lastOverdueReceipt(days: classificationDefaultDays, today: today, calendar: calendar),
            byCategory: classificationCategories.mapValues {
                Self.lastOverdueReceipt(days: $0, today: today, calendar: calendar)
            })
    }

    /// The last receipt day R with `addingWorkingDays(days, to: R) < today`. Due dates never go
    /// down as R goes up, so every earlier day is overdue too and every later one is not.
    static func lastOverdueReceipt(days: Int, today: CalendarDate, calendar: WorkingCalendar) -> CalendarDate {
        var day = today.adding(days: -1)
        // A due date lies at least `days` working days after receipt; weekends and the longest
        // holidays (Tết) keep the walk within a few times `days`.
        while calendar.addingWorkingDays(days, to: day) >= today {
            day = day.adding(days: -1)
        }
        return day
    }
}
