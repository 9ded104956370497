import CivicCore
import CivicStore
import Foundation

/// The staff list's query string, as the API and the list page share it:
/// `state` (repeatable, or a comma list), `category`, `overdue=true`, `assigned=me`, `order`
/// (`newest`, the default, or `due`: overdue first, then by due date), `q`, `limit` (1–200, 50 by
/// default) and `offset`. The unit (`unit=<code>`) is not read here: the gate checks it against the
/// caller's scope and narrows ``StaffAccess/scopeUnitIDs``.
///
/// Read as a form would post it (`+` is a space), since the list page's filters are a GET form.
struct StaffFeedbackQuery: Sendable {
    static let maximumLimit = 200
    static let defaultLimit = 50
    static let maximumTextLength = 200

    var states: [FeedbackState] = []
    var category: String?
    var overdueOnly = false
    /// Only the items assigned to the caller.
    var assignedToMe = false
    var order: FeedbackStore.Order = .newest
    var text: String?
    var limit = defaultLimit
    var offset = 0

    /// One problem with the query, in English (the API's detail; the page shows a generic message).
    struct Invalid: Error, Sendable {
        let problems: [String]
    }

    /// No filter: the first page of everything in scope.
    init() {}

    /// - Parameter categories: the pakn form's category values (an unknown one is refused rather
    ///   than silently matching nothing).
    /// - Throws: ``Invalid`` listing every problem.
    init(query: String?, categories: Set<String>) throws(Invalid) {
        let fields: URLEncodedFields
        do {
            fields = try URLEncodedFields(query ?? "")
        } catch {
            throw Invalid(problems: ["the query string is not valid percent-encoded UTF-8"])
        }
        var problems: [String] = []
        for value in (fields.values["state"] ?? []).flatMap({ $0.split(separator: ",") }) {
            let name = value.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            if let state = FeedbackState(rawValue: name) {
                if !states.contains(state) { states.append(state) }
            } else {
                problems.append("state '\(name)' is unknown; use one of \(FeedbackState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let value = fields["category"], !value.isEmpty {
            if categories.contains(value) {
                category = value
            } else {
                problems.append("category '\(value)' is unknown; use one of \(categories.sorted().joined(separator: ", "))")
            }
        }
        switch fields["overdue"] {
        case nil, "", "false": overdueOnly = false
        case "true": overdueOnly = true
        case let other?: problems.append("overdue must be true or false, not '\(other)'")
        }
        switch fields["assigned"] {
        case nil, "": assignedToMe = false
        case "me": assignedToMe = true
        case let other?: problems.append("assigned must be me, not '\(other)'")
        }
        if let value = fields["order"], !value.isEmpty {
            if let order = FeedbackStore.Order(rawValue: value) {
                self.order = order
            } else {
                problems.append("order must be one of \(FeedbackStore.Order.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
            }
        }
        if let value = fields["q"] {
            let cleaned = VietnameseText.cleanedInput(value)
            if cleaned.count > Self.maximumTextLength {
                problems.append("q must be at most \(Self.maximumTextLength) characters")
            } else if !cleaned.isEmpty {
                text = cleaned
            }
        }
        if let value = fields["limit"], !value.isEmpty {
            if let number = Int(value), (1...Self.maximumLimit).contains(number) {
                limit = number
            } else {
                problems.append("limit must be a whole number from 1 to \(Self.maximumLimit)")
            }
        }
        if let value = fields["offset"], !value.isEmpty {
            if let number = Int(value), number >= 0, number <= 1_000_000 {
                offset = number
            } else {
                problems.append("offset must be a whole number from 0")
            }
        }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
    }

    /// `base` (the caller's scope, from ``StaffAccess/feedbackListFilter``) with these filters added;
    /// `userID` is the caller's account, for `assigned=me`.
    func filter(within base: FeedbackStore.ListFilter, userID: Int64) -> FeedbackStore.ListFilter {
        var filter = base
        filter.assignedUserID = assignedToMe ? userID : nil
        filter.order = order
        filter.states = states
        filter.category = category
        filter.overdueOnly = overdueOnly
        filter.text = text
        filter.limit = limit
        filter.offset = offset
        return filter
    }
}
