/// The dates of one PAKN item that metrics need (QĐ 766/QĐ-TTg: handled on time ÷ handled).
///
/// All dates are Vietnamese calendar dates. `dueOn` is set when the item is accepted
/// (``DeadlinePolicy/dueDate(acceptedOn:category:unitCode:calendar:)``); `handledOn` when it is
/// resolved or forwarded (publishing does not change it). An item marked out of scope is never
/// accepted, so it has no due date and is never overdue.
public struct FeedbackTimeline: Sendable, Hashable, Codable {
    public var receivedOn: CalendarDate?
    public var acceptedOn: CalendarDate?
    public var dueOn: CalendarDate?
    public var handledOn: CalendarDate?

    public init(receivedOn: CalendarDate? = nil, acceptedOn: CalendarDate? = nil,
                dueOn: CalendarDate? = nil, handledOn: CalendarDate? = nil) {
        self.receivedOn = receivedOn
        self.acceptedOn = acceptedOn
        self.dueOn = dueOn
        self.handledOn = handledOn
    }

    /// Not yet handled and past its due date: `today > dueOn`. An item is due at the end of
    /// `dueOn`, so it is not overdue on that day itself. False without a due date.
    public func isOverdue(today: CalendarDate) -> Bool {
        guard handledOn == nil, let dueOn else { return false }
        return today > dueOn
    }

    /// Handled no later than its due date (`handledOn <= dueOn`). False when it is not handled
    /// or has no due date: without a deadline there is nothing to have met.
    public var handledOnTime: Bool {
        guard let handledOn, let dueOn else { return false }
        return handledOn <= dueOn
    }

    /// The working days from acceptance (or receipt, when there is no acceptance date) to
    /// handling, counted as ``WorkingCalendar/workingDays(from:to:)`` does: handled on the next
    /// working day is 1, on the day of acceptance 0. Nil when not handled or without a start.
    public func workingDaysToHandle(_ calendar: WorkingCalendar) -> Int? {
        guard let handledOn, let start = acceptedOn ?? receivedOn else { return nil }
        return calendar.workingDays(from: start, to: handledOn)
    }

    /// Working days past the due date: until handling, or until `today` for an open item.
    /// 0 when on time or without a due date.
    public func workingDaysLate(today: CalendarDate, calendar: WorkingCalendar) -> Int {
        guard let dueOn else { return 0 }
        return calendar.workingDays(from: dueOn, to: handledOn ?? today)
    }
}
