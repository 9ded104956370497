import Foundation

/// When a caller says a response was given (`submittedAt`), for paper forms typed in later and
/// answers collected offline, and the rules such a claim must meet: never in the future, never
/// before the form version existed, at most ``maximumDaysBack`` days back. Who may claim at all is
/// the web layer's question; this is only about the time.
///
/// A claim is an instant (RFC 3339 with an offset, `2026-03-05T09:30:00+07:00`) or a day as written
/// on paper (`2026-03-05`, a Vietnamese calendar day). A day is stored as its first instant in
/// Vietnam, so that the response counts on that day, and is judged by whole days: today is not in
/// the future, and the day the form version was stored is not before it.
public enum SubmittedAtClaim: Sendable, Hashable {
    case instant(Date)
    case day(CalendarDate)

    /// How far back a claim may go.
    public static let maximumDaysBack = 90

    /// Why a claim is refused; the raw value is the API's error code.
    public enum Refusal: String, Sendable, Hashable {
        case inFuture = "in_future"
        case tooOld = "too_old"
        case beforeFormVersion = "before_form_version"
    }

    /// Reads `2026-03-05T09:30:00+07:00` (`Z` and fractions of a second allowed) or `2026-03-05`;
    /// nil for anything else, a time without an offset included (its day would be a guess).
    public init?(parsing text: String) {
        if let day = CalendarDate(text) {
            self = .day(day)
            return
        }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard text.count <= 40, let date = plain.date(from: text) ?? fractional.date(from: text) else { return nil }
        self = .instant(date)
    }

    /// The instant stored: the claim itself, or the first instant of the day in Vietnam.
    public var instant: Date {
        switch self {
        case .instant(let date): date
        case .day(let day): day.startInVietnam
        }
    }

    /// The Vietnamese day the response counts on.
    public var day: CalendarDate {
        switch self {
        case .instant(let date): CalendarDate.inVietnam(at: date)
        case .day(let day): day
        }
    }

    /// The first rule the claim breaks, or nil.
    /// - Parameters:
    ///   - now: the server's clock.
    ///   - formVersionSince: when the form version answered was first stored; nil when unknown
    ///     (a version the database does not hold yet is refused before this check).
    public func refusal(now: Date, formVersionSince: Date?) -> Refusal? {
        let today = CalendarDate.inVietnam(at: now)
        switch self {
        case .instant(let date):
            if date > now { return .inFuture }
            if date < now.addingTimeInterval(-Double(Self.maximumDaysBack) * 86_400) { return .tooOld }
            if let since = formVersionSince, date < since { return .beforeFormVersion }
        case .day(let day):
            if day > today { return .inFuture }
            if day < today.adding(days: -Self.maximumDaysBack) { return .tooOld }
            if let since = formVersionSince, day < CalendarDate.inVietnam(at: since) { return .beforeFormVersion }
        }
        return nil
    }

    /// The claim as stored in a response's digest: the instant, UTC, whole seconds (`2026-03-05T02:30:00Z`).
    public var canonicalText: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }
}
