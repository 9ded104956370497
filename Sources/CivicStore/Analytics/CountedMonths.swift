import CivicCore
import Foundation

/// Whole Vietnamese calendar months of responses and counts, `from` through `to`, for
/// `analytics verify` and `analytics rebuild`: a month is what a partition of `responses` holds and
/// what `responses drop-month` removes (Migrations/0025).
///
/// Guarantees: `from <= to` when both are given; nil ends are open.
public struct CountedMonths: Sendable, Hashable, CustomStringConvertible {
    public let from: YearMonth?
    public let to: YearMonth?

    /// Every month.
    public static let all = CountedMonths(unchecked: nil, nil)

    /// Nil when `from` is after `to`.
    public init?(from: YearMonth?, to: YearMonth?) {
        if let from, let to, to < from { return nil }
        self.init(unchecked: from, to)
    }

    private init(unchecked from: YearMonth?, _ to: YearMonth?) {
        self.from = from
        self.to = to
    }

    /// The first instant of `from` (year 1 when open).
    var lowerBound: Date {
        (from ?? YearMonth(year: 1, month: 1)!).firstDay.startInVietnam
    }

    /// The first instant after `to` (the last day of year 9999 when open).
    var upperBound: Date {
        guard let to else { return YearMonth(year: 9999, month: 12)!.lastDay.startInVietnam }
        return to == YearMonth(year: 9999, month: 12)! ? to.lastDay.startInVietnam : to.next.firstDay.startInVietnam
    }

    /// `2026-01 … 2026-06`, `… 2026-06`, `2026-01 …`, or `every month`.
    public var description: String {
        switch (from, to) {
        case (nil, nil): "every month"
        case let (from?, to?) where from == to: from.description
        case let (from, to): "\(from?.description ?? "") … \(to?.description ?? "")".trimmingCharacters(in: .whitespaces)
        }
    }
}
