import CivicCore
import Foundation
import Logging
import PostgresNIO

extension FeedbackStore {
    /// What the citizen's status page shows for a tracking code; nil when there is no such item.
    public func publicStatus(trackingCode: String, logger: Logger) async throws -> FeedbackPublicStatus? {
        try await database.query("""
            SELECT \(unescaped: Self.publicColumns)
            FROM feedback_items i
            LEFT JOIN feedback_ratings r ON r.item_id = i.id AND r.round = i.rating_round
            WHERE i.tracking_code = \(trackingCode)
            """, logger: logger, decode: Self.decodePublic).first
    }

    /// The status page of the item a verified rating link names; nil when there is none.
    public func publicStatus(itemID: UUID, logger: Logger) async throws -> FeedbackPublicStatus? {
        try await database.query("""
            SELECT \(unescaped: Self.publicColumns)
            FROM feedback_items i
            LEFT JOIN feedback_ratings r ON r.item_id = i.id AND r.round = i.rating_round
            WHERE i.id = \(itemID)
            """, logger: logger, decode: Self.decodePublic).first
    }

    static let publicColumns = """
        i.tracking_code, i.title, i.category, i.state, i.received_on::text, i.due_on::text, i.handled_on::text,
        i.public_reply, i.competent_body, i.out_of_scope_reason, i.redirect_to, i.published_at,
        r.item_id IS NOT NULL AS rated, i.public_id, i.public_title, i.rating_round,
        (SELECT e.details ->> 'closingReason'
         FROM feedback_events e
         WHERE e.item_id = i.id AND e.action = 'close_reopen_request'
         ORDER BY e.id DESC
         LIMIT 1) AS closing_reason
        """

    @Sendable static func decodePublic(_ row: PostgresRow) throws -> FeedbackPublicStatus {
        let (code, title, category, state, received, due, handled, reply, body, reason, redirect, published, rated,
             publicID, publicTitle, round, closingReason) =
            try row.decode((String, String, String, String, String, String?, String?, String?, String?, String?,
                            String?, Date?, Bool, UUID, String?, Int, String?).self)
        let current = FeedbackState(rawValue: state) ?? .received
        // The reply becomes public when the result is published (and stays while the citizen's
        // request to reconsider it waits); a redirection at once.
        let showReply = current == .published || current == .reopenRequested
        return FeedbackPublicStatus(
            trackingCode: code, title: title, category: category, state: current, receivedOn: received, dueOn: due,
            handledOn: handled, publicReply: showReply ? reply : nil, competentBody: showReply ? body : nil,
            outOfScopeReason: current == .outOfScope ? reason : nil, redirectTo: current == .outOfScope ? redirect : nil,
            publishedAt: published, rated: rated, ratingRound: round,
            closingReason: current == .published ? closingReason : nil, publicID: publicID,
            publicTitle: current == .published ? publicTitle : nil)
    }

    /// Filters of the staff list; every one is optional.
    public struct ListFilter: Sendable {
        public var states: [FeedbackState] = []
        /// Items whose unit or assigned unit is one of these (the caller passes a subtree); nil for
        /// every item.
        public var unitIDs: [Int64]?
        /// With `unitIDs`: also items that name no unit and are assigned to none (staff whose grant
        /// is on a root unit handle them).
        public var includeUnitless = false
        public var category: String?
        public var overdueOnly = false
        /// Words to find in the title or content, ignoring Vietnamese marks and case.
        public var text: String?
        /// Items assigned to this account only ("assigned to me").
        public var assignedUserID: Int64?
        public var order: Order = .newest
        public var limit = 50
        public var offset = 0

        public init() {}
    }

    /// The order of the staff list.
    public enum Order: String, Sendable, CaseIterable {
        /// Newest first.
        case newest
        /// Overdue items first, then by due date (items without one last), then newest first.
        case due
    }

    /// One page of the staff list, with counts over every item the filter matches (not only the page).
    public struct ListPage: Sendable {
        public let items: [FeedbackItem]
        /// Items matching the filter.
        public let total: Int
        /// Of those, the ones open and past their due date on the day of the query.
        public let overdueCount: Int
    }

    /// Items for the staff list, newest first, with `overdue` computed for `today`.
    public func list(_ filter: ListFilter, today: CalendarDate, classification: ClassificationCutoffs? = nil,
                     logger: Logger) async throws -> [FeedbackItem] {
        try await listPage(filter, today: today, classification: classification, logger: logger).items
    }

    /// A page of the staff list, newest first, with `overdue` computed for `today`, and the total and
    /// overdue counts of everything the filter matches. One query: the counts and the page come
    /// from the same snapshot (a page past the end still carries the counts).
    ///
    /// Overdue: accepted and still open past its handling due date, or, with `classification`,
    /// still `received` past its classification deadline (``ClassificationCutoffs``). Without
    /// `classification` an item awaiting classification is never overdue.
    public func listPage(_ filter: ListFilter, today: CalendarDate, classification: ClassificationCutoffs? = nil,
                         logger: Logger) async throws -> ListPage {
        let states = filter.states.map(\.rawValue)
        let openStates = FeedbackState.allCases.filter { $0.isOpen && $0 != .received }.map(\.rawValue)
        let pattern = filter.text.map { "%" + Self.escapeLike(VietnameseText.searchKey($0)) + "%" }
        let day = today.description
        let cutoffs = classification?.sqlArrays ?? (categories: [], days: [])
        let otherCutoff = classification?.otherCategories.description
        let byDue = filter.order == .due
        let rows = try await database.query("""
            WITH cutoffs (category, last_overdue_receipt) AS (
                SELECT category, day::date
                FROM unnest(\(cutoffs.categories)::text[], \(cutoffs.days)::text[]) AS c (category, day)
            ), flagged AS (
                SELECT i.id,
                       i.received_at,
                       i.state,
                       i.unit_id,
                       i.assigned_unit_id,
                       i.category,
                       i.search_key,
                       ((i.state = ANY(\(openStates)::text[]) AND i.due_on < \(day)::date)
                        OR (i.state = 'received'
                            AND i.received_on <= COALESCE((SELECT c.last_overdue_receipt FROM cutoffs c
                                                           WHERE c.category = i.category),
                                                          \(otherCutoff)::date))) IS TRUE AS is_overdue,
                       i.due_on,
                       i.assigned_user_id
                FROM feedback_items i
            ), matched AS (
                SELECT i.id,
                       i.received_at,
                       i.due_on,
                       i.is_overdue AS overdue
                FROM flagged i
                WHERE (cardinality(\(states)::text[]) = 0 OR i.state = ANY(\(states)::text[]))
                  AND (\(filter.unitIDs)::bigint[] IS NULL
                       OR i.unit_id = ANY(\(filter.unitIDs)::bigint[])
                       OR i.assigned_unit_id = ANY(\(filter.unitIDs)::bigint[])
                       OR (\(filter.includeUnitless)::boolean AND i.unit_id IS NULL AND i.assigned_unit_id IS NULL))
                  AND (\(filter.category)::text IS NULL OR i.category = \(filter.category))
                  AND (NOT \(filter.overdueOnly)::boolean OR i.is_overdue)
                  AND (\(pattern)::text IS NULL OR i.search_key LIKE \(pattern))
                  AND (\(filter.assignedUserID)::bigint IS NULL OR i.assigned_user_id = \(filter.assignedUserID))
            ), counts AS (
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE overdue) AS overdue_count
                FROM matched
            ), page AS (
                SELECT id, received_at, due_on, overdue
                FROM matched
                ORDER BY (CASE WHEN \(byDue)::boolean THEN NOT overdue END),
                         (CASE WHEN \(byDue)::boolean THEN due_on END) NULLS LAST,
                         received_at DESC, id
                LIMIT \(filter.limit) OFFSET \(filter.offset)
            )
            SELECT \(unescaped: Self.itemColumns),
                   c.total,
                   c.overdue_count
            FROM counts c
            LEFT JOIN page p ON true
            LEFT JOIN feedback_items i ON i.id = p.id
            LEFT JOIN units u ON u.id = i.unit_id
            LEFT JOIN units au ON au.id = i.assigned_unit_id
            LEFT JOIN users au_user ON au_user.id = i.assigned_user_id
            ORDER BY (CASE WHEN \(byDue)::boolean THEN NOT p.overdue END),
                     (CASE WHEN \(byDue)::boolean THEN p.due_on END) NULLS LAST,
                     p.received_at DESC, p.id
            """, logger: logger) { row -> (item: FeedbackItem?, total: Int, overdue: Int) in
            let columns = row.makeRandomAccess()
            let total = try columns[Self.itemColumnCount].decode(Int.self)
            let overdue = try columns[Self.itemColumnCount + 1].decode(Int.self)
            // The counts come with an empty page as one row without an item.
            guard try columns[0].decode(UUID?.self) != nil else { return (nil, total, overdue) }
            return (try Self.decodeItem(row, today: today, classification: classification), total, overdue)
        }
        return ListPage(items: rows.compactMap(\.item), total: rows.first?.total ?? 0,
                        overdueCount: rows.first?.overdue ?? 0)
    }

    /// The desk's counts over the caller's scope (`filter`'s units only; its other filters are
    /// ignored): items per state, open items past their due date, and items assigned to `userID`
    /// that are still open. One query.
    public func queueCounts(_ filter: ListFilter, assignedTo userID: Int64, today: CalendarDate,
                            logger: Logger) async throws -> QueueCounts {
        let openStates = FeedbackState.allCases.filter { $0.isOpen && $0 != .received }.map(\.rawValue)
        let allOpen = FeedbackState.allCases.filter(\.isOpen).map(\.rawValue)
        let rows = try await database.query("""
            SELECT i.state,
                   count(*),
                   count(*) FILTER (WHERE i.state = ANY(\(openStates)::text[]) AND i.due_on < \(today.description)::date),
                   count(*) FILTER (WHERE i.assigned_user_id = \(userID) AND i.state = ANY(\(allOpen)::text[]))
            FROM feedback_items i
            WHERE \(filter.unitIDs)::bigint[] IS NULL
               OR i.unit_id = ANY(\(filter.unitIDs)::bigint[])
               OR i.assigned_unit_id = ANY(\(filter.unitIDs)::bigint[])
               OR (\(filter.includeUnitless)::boolean AND i.unit_id IS NULL AND i.assigned_unit_id IS NULL)
            GROUP BY i.state
            """, logger: logger) { try $0.decode((String, Int, Int, Int).self) }
        var byState: [FeedbackState: Int] = [:]
        var overdue = 0
        var mine = 0
        for (state, count, late, assigned) in rows {
            if let state = FeedbackState(rawValue: state) { byState[state] = count }
            overdue += late
            mine += assigned
        }
        return QueueCounts(byState: byState, overdue: overdue, assignedToMe: mine)
    }

    /// What the desk and the staff home count (``queueCounts(_:assignedTo:today:logger:)``).
    public struct QueueCounts: Sendable, Hashable {
        public let byState: [FeedbackState: Int]
        public let overdue: Int
        public let assignedToMe: Int
    }

    /// One item for staff; nil when there is none. `overdue` as in ``listPage(_:today:classification:logger:)``.
    public func item(id: UUID, today: CalendarDate, classification: ClassificationCutoffs? = nil,
                     logger: Logger) async throws -> FeedbackItem? {
        try await database.query("""
            SELECT \(unescaped: Self.itemColumns)
            FROM feedback_items i
            LEFT JOIN units u ON u.id = i.unit_id
            LEFT JOIN units au ON au.id = i.assigned_unit_id
            LEFT JOIN users au_user ON au_user.id = i.assigned_user_id
            WHERE i.id = \(id)
            """, logger: logger) { try Self.decodeItem($0, today: today, classification: classification) }.first
    }

    /// The units an item concerns (its own and the one it is assigned to): staff scope checks use them.
    public func unitIDs(ofItem id: UUID, logger: Logger) async throws -> [Int64]? {
        try await database.query("""
            SELECT unit_id, assigned_unit_id
            FROM feedback_items
            WHERE id = \(id)
            """, logger: logger) { row in
            let (unit, assigned) = try row.decode((Int64?, Int64?).self)
            return [unit, assigned].compactMap { $0 }
        }.first
    }

    /// The kind under which an item's contact details are stored in the contact vault.
    public static let contactSubjectKind = "feedback"

    /// The contact records of an item that are not erased, oldest first (intake stores at most
    /// one). Reads ids only: the details stay encrypted until the vault opens them.
    public func contactIDs(ofItem id: UUID, logger: Logger) async throws -> [UUID] {
        try await database.query("""
            SELECT id
            FROM contacts
            WHERE subject_kind = \(Self.contactSubjectKind)
              AND subject_id = \(id)
              AND erased_at IS NULL
            ORDER BY created_at, id
            """, logger: logger) { try $0.decode(UUID.self) }
    }

    /// Published results, newest first: no contact details and no content, only the public reply.
    /// The tracking code and the citizen's own title are in the result (``FeedbackPublicStatus``
    /// serves the holder's status page too): a public listing must show ``FeedbackPublicStatus/publicID``
    /// and ``FeedbackPublicStatus/publicTitle`` instead.
    public func published(limit: Int, offset: Int, logger: Logger) async throws -> [FeedbackPublicStatus] {
        try await database.query("""
            SELECT \(unescaped: Self.publicColumns)
            FROM feedback_items i
            LEFT JOIN feedback_ratings r ON r.item_id = i.id AND r.round = i.rating_round
            WHERE i.state = 'published'
            ORDER BY i.published_at DESC, i.id
            LIMIT \(limit) OFFSET \(offset)
            """, logger: logger, decode: Self.decodePublic)
    }

    /// Attachments of an item, without their bytes; erased ones are not listed. The bytes are read,
    /// audited, through ``AttachmentVault``.
    public func attachments(itemID: UUID, logger: Logger) async throws -> [(id: UUID, fileName: String, mediaType: String, size: Int)] {
        try await database.query("""
            SELECT id, file_name, media_type, size_bytes
            FROM feedback_attachments
            WHERE item_id = \(itemID) AND erased_at IS NULL
            ORDER BY created_at, id
            """, logger: logger) { row in
            let (id, name, type, size) = try row.decode((UUID, String, String, Int).self)
            return (id: id, fileName: name, mediaType: type, size: size)
        }
    }

    /// How many columns ``itemColumns`` lists (``decodeItem(_:today:classification:)`` reads them by position).
    static let itemColumnCount = 26

    static let itemColumns = """
        i.id, i.tracking_code, i.received_on::text, i.received_at, i.form_id, i.category, i.title, i.content,
        i.procedure_name, u.code, i.language, i.channel, i.state, au.code, au_user.login, i.accepted_on::text,
        i.due_on::text, i.handled_on::text, i.resolution, i.public_reply, i.competent_body, i.out_of_scope_reason,
        i.redirect_to, i.published_at, i.public_title, i.public_id
        """

    static func decodeItem(_ row: PostgresRow, today: CalendarDate,
                           classification: ClassificationCutoffs?) throws -> FeedbackItem {
        let columns = row.makeRandomAccess()
        func text(_ index: Int) throws -> String { try columns[index].decode(String.self) }
        func optional(_ index: Int) throws -> String? { try columns[index].decode(String?.self) }
        let state = FeedbackState(rawValue: try text(12)) ?? .received
        let due = try optional(16)
        let receivedOn = try text(2), category = try text(5)
        let overdue: Bool
        if state == .received {
            // Awaiting classification: overdue past the classification deadline from receipt.
            overdue = classification.flatMap { cutoffs in
                CalendarDate(receivedOn).map { cutoffs.isOverdue(receivedOn: $0, category: category) }
            } ?? false
        } else {
            overdue = state.isOpen && (due.flatMap(CalendarDate.init).map { today > $0 } ?? false)
        }
        return FeedbackItem(
            id: try columns[0].decode(UUID.self), trackingCode: try text(1), receivedOn: receivedOn,
            receivedAt: try columns[3].decode(Date.self), formID: try text(4), category: category, title: try text(6),
            content: try text(7), procedureName: try optional(8), unitCode: try optional(9), language: try text(10),
            channel: try text(11), state: state, assignedUnitCode: try optional(13), assignedLogin: try optional(14),
            acceptedOn: try optional(15), dueOn: due, handledOn: try optional(17), resolution: try optional(18),
            publicReply: try optional(19), competentBody: try optional(20), outOfScopeReason: try optional(21),
            redirectTo: try optional(22), publishedAt: try columns[23].decode(Date?.self), publicTitle: try optional(24),
            publicID: try columns[25].decode(UUID.self), overdue: overdue)
    }

    /// `%` and `_` typed by a person are literal characters, not wildcards.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
