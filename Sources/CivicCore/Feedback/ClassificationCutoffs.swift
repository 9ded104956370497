/// The classification deadlines of one day (``DeadlinePolicy/classificationCutoffs(today:calendar:)``).
public struct ClassificationCutoffs: Sendable, Hashable {
    public let today: CalendarDate
    /// The last overdue day of receipt for a category without its own number.
    public let otherCategories: CalendarDate
    /// The last overdue day of receipt, by category.
    public let byCategory: [String: CalendarDate]

    /// Whether an item still awaiting classification, received on `receivedOn`, is overdue today.
    public func isOverdue(receivedOn: CalendarDate, category: String?) -> Bool {
        receivedOn <= cutoff(category: category)
    }

    public func cutoff(category: String?) -> CalendarDate {
        category.flatMap { byCategory[$0] } ?? otherCategories
    }

    /// The categories and their days as parallel arrays, for SQL (`unnest`).
    public var sqlArrays: (categories: [String], days: [String]) {
        let sorted = byCategory.sorted { $0.key < $1.key }
        return (sorted.map(\.key), sorted.map(\.value.description))
    }
}
