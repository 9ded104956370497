import CivicCore
import CivicStore
import Foundation

/// `GET /staff/feedback`: the items within the caller's scope, filterable by a GET form (so a
/// filtered list is a link to share), overdue items flagged and counted.
struct StaffFeedbackListPage: Sendable {
    struct Row: Sendable {
        let href: String
        let code: String
        let title: String
        let category: String
        let unit: String?
        let state: String
        let receivedOn: String
        let dueOn: String?
        let overdue: Bool
    }

    struct StateCount: Sendable {
        let label: String
        let count: Int
        let href: String
    }

    let chrome: StaffChrome
    /// Labels by name (``StaffFeedbackText/labelNames``).
    let t: [String: String]
    let text: String
    let overdueOnly: Bool
    let assignedToMe: Bool
    let orders: [SelectOption]
    /// Items per state over the caller's whole scope, each a link to that state's list.
    let stateCounts: [StateCount]
    let states: [SelectOption]
    let units: [SelectOption]
    let categories: [SelectOption]
    let count: String
    let hasOverdue: Bool
    let rows: [Row]
    let hasRows: Bool
    let previous: String?
    let next: String?
    /// Why the filters were refused (the page then lists nothing).
    let error: String?
    let hasError: Bool

    static let path = "/staff/feedback"

    /// - Parameters:
    ///   - unitCode: the unit the list is narrowed to, if any (already checked by the gate).
    ///   - units: the units the caller may filter by, with their names.
    init(page: FeedbackStore.ListPage?, query: StaffFeedbackQuery, unitCode: String?, units: [UnitStore.Unit],
         categories: [ChoiceOption], text wording: StaffFeedbackText, chrome: StaffChrome,
         counts: FeedbackStore.QueueCounts? = nil, error: String? = nil) {
        let chain = wording.chain
        self.chrome = chrome
        t = wording.labels
        text = query.text ?? ""
        overdueOnly = query.overdueOnly
        assignedToMe = query.assignedToMe
        orders = FeedbackStore.Order.allCases.map {
            SelectOption(value: $0.rawValue, label: wording.text("staff.feedback.order_\($0.rawValue)"), selected: $0 == query.order)
        }
        stateCounts = FeedbackState.allCases.map { state in
            var only = StaffFeedbackQuery()
            only.states = [state]
            only.order = query.order
            return StateCount(label: wording.state(state), count: counts?.byState[state] ?? 0,
                              href: Self.link(only, unitCode: unitCode, language: chain.first, offset: 0))
        }
        states = FeedbackState.allCases.map {
            SelectOption(value: $0.rawValue, label: wording.state($0), selected: query.states.contains($0))
        }
        let language = chain.first
        self.units = units.map { SelectOption(unit: $0, language: language, selected: $0.code == unitCode) }
        self.categories = categories.map {
            SelectOption(value: $0.value, label: $0.label.resolved(for: chain).text, selected: $0.value == query.category)
        }
        let unitNames = Dictionary(units.map { ($0.code, SelectOption.name(of: $0, in: language)) }, uniquingKeysWith: { first, _ in first })
        let categoryNames = Dictionary(self.categories.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
        let items = page?.items ?? []
        rows = items.map { item in
            let unit = item.assignedUnitCode ?? item.unitCode
            return Row(href: "\(Self.path)/\(item.id.uuidString.lowercased())", code: item.trackingCode, title: item.title,
                       category: categoryNames[item.category] ?? item.category,
                       unit: unit.map { unitNames[$0] ?? $0 },
                       state: wording.state(item.state), receivedOn: item.receivedOn, dueOn: item.dueOn,
                       overdue: item.overdue)
        }
        hasRows = !rows.isEmpty
        count = wording.format("staff.feedback.count", ["total": "\(page?.total ?? 0)", "overdue": "\(page?.overdueCount ?? 0)"])
        hasOverdue = (page?.overdueCount ?? 0) > 0
        let total = page?.total ?? 0
        previous = query.offset > 0
            ? Self.link(query, unitCode: unitCode, language: language, offset: max(0, query.offset - query.limit)) : nil
        next = query.offset + query.limit < total
            ? Self.link(query, unitCode: unitCode, language: language, offset: query.offset + query.limit) : nil
        self.error = error
        hasError = error != nil
    }

    /// The list's address with these filters and another offset.
    static func link(_ query: StaffFeedbackQuery, unitCode: String?, language: String, offset: Int) -> String {
        var pairs: [(String, String)] = query.states.map { ("state", $0.rawValue) }
        if let unitCode { pairs.append(("unit", unitCode)) }
        if let category = query.category { pairs.append(("category", category)) }
        if query.overdueOnly { pairs.append(("overdue", "true")) }
        if query.assignedToMe { pairs.append(("assigned", "me")) }
        if query.order != .newest { pairs.append(("order", query.order.rawValue)) }
        if let text = query.text { pairs.append(("q", text)) }
        if query.limit != StaffFeedbackQuery.defaultLimit { pairs.append(("limit", "\(query.limit)")) }
        pairs.append(("offset", "\(offset)"))
        pairs.append(("lang", language))
        return path + "?" + pairs.map { "\($0.0)=\(StaffFeedbackService.percentEncoded($0.1))" }.joined(separator: "&")
    }
}
