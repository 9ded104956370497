/// When staff are reminded of an open PAKN item's due date: at each of ``leadDays`` working days
/// before it (REMINDER_LEAD_DAYS, 3 and 1 by default) the assignee, and once it has passed the
/// handlers of the parent unit. Reminders and digests go out on working days only, so that
/// nobody's Monday starts with a weekend's worth of them.
///
/// Guarantees: ``leadDays`` is non-empty, positive, without repeats and in descending order; an
/// item has at most one stage on a day, the tightest that applies (an item accepted one working
/// day before its due date gets the 1-day reminder, not the 3-day one as well).
public struct ReminderPolicy: Sendable, Hashable {
    /// The default of REMINDER_LEAD_DAYS.
    public static let defaultLeadDays = [3, 1]
    /// The largest lead REMINDER_LEAD_DAYS accepts, and how many it accepts.
    public static let maximumLeadDays = 30
    public static let maximumStages = 5

    public let leadDays: [Int]
    public let calendar: WorkingCalendar

    /// - Precondition: `leadDays` holds 1 to ``maximumStages`` values in 1...``maximumLeadDays``
    ///   (AppConfiguration checks REMINDER_LEAD_DAYS so).
    public init(leadDays: [Int] = Self.defaultLeadDays, calendar: WorkingCalendar) {
        let sorted = Array(Set(leadDays)).sorted(by: >)
        precondition(!sorted.isEmpty && sorted.allSatisfy { (1...Self.maximumLeadDays).contains($0) },
                     "lead days are 1...\(Self.maximumLeadDays)")
        self.leadDays = sorted
        self.calendar = calendar
    }

    /// A step of an item's reminders; its ``key`` is stored in `feedback_reminders.stage`.
    public enum Stage: Sendable, Hashable {
        /// Due within this many working days (one of ``leadDays``).
        case before(workingDays: Int)
        /// Past its due date.
        case overdue

        public var key: String {
            switch self {
            case .before(let days): "before:\(days)"
            case .overdue: "overdue"
            }
        }
    }

    /// The stage of an item due on `dueOn`, on `today`: overdue once the due date has passed;
    /// else the smallest lead at least the working days left (0 on the due date itself); nil when
    /// it is further away than every lead.
    public func stage(dueOn: CalendarDate, today: CalendarDate) -> Stage? {
        if dueOn < today { return .overdue }
        let left = workingDaysLeft(dueOn: dueOn, today: today)
        return leadDays.last { $0 >= left }.map { .before(workingDays: $0) }
    }

    /// Working days after `today` up to the due date: 0 on the due date (the item is due at its end).
    public func workingDaysLeft(dueOn: CalendarDate, today: CalendarDate) -> Int {
        calendar.workingDays(from: today, to: dueOn)
    }

    /// Working days past the due date, up to and including `today`.
    public func workingDaysOverdue(dueOn: CalendarDate, today: CalendarDate) -> Int {
        calendar.workingDays(from: dueOn, to: today)
    }

    /// The last due date a scan on `today` has anything to say about: the day before the working
    /// day that follows ``leadDays``' largest lead (so a due date on a day off just past the lead
    /// counts too).
    public func horizon(today: CalendarDate) -> CalendarDate {
        calendar.addingWorkingDays(leadDays[0] + 1, to: today).adding(days: -1)
    }

    /// Whether reminders and digests go out on `today`.
    public func sendsOn(_ today: CalendarDate) -> Bool {
        calendar.isWorkingDay(today)
    }
}
