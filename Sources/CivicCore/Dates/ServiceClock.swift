import Foundation

/// The service's clock: the instant it is now, and the day it is in Vietnam.
///
/// Every place that takes the time is handed one (the server gets it through its dependencies),
/// so that a test can set the day a feedback item is received, a session expires or a report is
/// due; ``system`` reads the machine's clock.
public struct ServiceClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads the instant from `now`.
    public init(now: @escaping @Sendable () -> Date) {
        self.read = now
    }

    /// The machine's clock.
    public static let system = ServiceClock { Date() }

    /// A clock stopped at `instant`.
    public static func fixed(at instant: Date) -> ServiceClock {
        ServiceClock { instant }
    }

    /// A clock stopped at noon in Vietnam on `day`.
    public static func fixed(on day: CalendarDate) -> ServiceClock {
        fixed(at: day.startInVietnam.addingTimeInterval(12 * 3600))
    }

    /// The instant it is now.
    public func now() -> Date {
        read()
    }

    /// The day it is now in Vietnam: the day of receipt, deadlines, units in effect, the report in
    /// progress.
    public func today() -> CalendarDate {
        CalendarDate.inVietnam(at: read())
    }
}
