import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Likely duplicates and linked items (Migrations/0024): ten citizens who report one broken road
/// get one handling and one reply, each keeping their own tracking code, messages and rating.
extension FeedbackStore {
    /// An item that may report the same problem as the one looked at.
    public struct Duplicate: Sendable, Hashable {
        public let id: UUID
        public let trackingCode: String
        public let title: String
        public let state: FeedbackState
        public let receivedOn: String
        /// The trigram similarity (pg_trgm) of the mark-free titles, or of the mark-free titles and
        /// contents, whichever is higher: 0 to 1.
        public let similarity: Double
        /// The item it is linked to, when it is a duplicate itself.
        public let mainItemID: UUID?
    }

    /// Days before and after an item's receipt that its duplicates are looked for in.
    public static let duplicateWindowDays = 60
    /// The similarity from which an item is shown as a likely duplicate: "đường hỏng ở bản Cát
    /// Cát" against "Duong hong o ban Cat Cat" is 1; two unrelated requests of one commune stay
    /// well below.
    public static let duplicateThreshold = 0.4

    /// The items received within ``duplicateWindowDays`` of item `itemID`, of its unit or its
    /// category, whose similarity reaches ``duplicateThreshold``: most similar first. Out of scope
    /// items are left out; so are the items of units outside `unitIDs` (nil: every unit).
    public func likelyDuplicates(of itemID: UUID, unitIDs: [Int64]?, limit: Int = 10,
                                 logger: Logger) async throws -> [Duplicate] {
        try await database.query("""
            SELECT o.id,
                   o.tracking_code,
                   o.title,
                   o.state,
                   o.received_on::text,
                   s.score,
                   o.main_item_id
            FROM feedback_items i
            JOIN feedback_items o
              ON o.id <> i.id
             AND o.received_on BETWEEN i.received_on - \(Self.duplicateWindowDays)::integer
                                   AND i.received_on + \(Self.duplicateWindowDays)::integer
             AND (o.category = i.category
                  OR COALESCE(o.assigned_unit_id, o.unit_id) = COALESCE(i.assigned_unit_id, i.unit_id))
            CROSS JOIN LATERAL (
                SELECT greatest(similarity(COALESCE(o.title_key, o.search_key), COALESCE(i.title_key, i.search_key)),
                                similarity(o.search_key, i.search_key))::float8 AS score
            ) s
            WHERE i.id = \(itemID)
              AND o.state <> \(FeedbackState.outOfScope.rawValue)
              AND (\(unitIDs)::bigint[] IS NULL OR COALESCE(o.assigned_unit_id, o.unit_id) = ANY(\(unitIDs)::bigint[]))
              AND s.score >= \(Self.duplicateThreshold)::float8
            ORDER BY s.score DESC, o.received_on DESC, o.tracking_code
            LIMIT \(limit)
            """, logger: logger) { row -> Duplicate? in
            let (id, code, title, state, received, score, main) =
                try row.decode((UUID, String, String, String, String, Double, UUID?).self)
            guard let state = FeedbackState(rawValue: state) else { return nil }
            return Duplicate(id: id, trackingCode: code, title: title, state: state, receivedOn: received,
                             similarity: score, mainItemID: main)
        }.compactMap { $0 }
    }

    /// Why a link was refused.
    /// The raw values name the page's message (`staff.feedback.link_refused.<value>`).
    public enum LinkRefusal: String, Sendable, Hashable, CaseIterable {
        case notFound = "not_found"
        /// An item is not its own duplicate.
        case sameItem = "same_item"
        /// The item is handled already: it has its own reply.
        case itemHandled = "item_handled"
        /// The main item is out of scope or is itself linked to another.
        case mainNotLinkable = "main_not_linkable"
        /// Other items are linked to this one: it stays their main item.
        case itemHasDuplicates = "item_has_duplicates"
    }

    public enum LinkOutcome: Sendable, Hashable {
        /// Linked; `followed` is the main item's state the item took at once (its result was
        /// given already), nil when the main item is not handled yet.
        case linked(followed: FeedbackState?)
        case refused(LinkRefusal)
    }

    /// Links item `itemID` to main item `mainID`, under both rows' locks: an event `link` on the
    /// item (its history, which is how item changes are audited) names the main item's code.
    /// When the main item is handled already, the item follows it at once (its resolution, reply
    /// and publication, with the citizen's own result message).
    /// - Parameter unitIDs: the units the main item must be in (the caller's scope); nil: any.
    public func link(itemID: UUID, to mainID: UUID, unitIDs: [Int64]?, actor: Actor,
                     logger: Logger) async throws -> LinkOutcome {
        guard itemID != mainID else { return .refused(.sameItem) }
        return try await database.withTransaction(logger: logger) { connection in
            // Both rows locked in id order, so two links at once cannot deadlock.
            let rows = try await connection.query("""
                SELECT id, state, main_item_id, tracking_code, COALESCE(assigned_unit_id, unit_id),
                       EXISTS (SELECT 1 FROM feedback_items d WHERE d.main_item_id = feedback_items.id)
                FROM feedback_items
                WHERE id IN (\(itemID), \(mainID))
                ORDER BY id
                FOR UPDATE
                """, logger: logger)
            var found: [UUID: (state: FeedbackState, main: UUID?, code: String, unit: Int64?, hasDuplicates: Bool)] = [:]
            for try await (id, state, main, code, unit, hasDuplicates)
                in rows.decode((UUID, String, UUID?, String, Int64?, Bool).self) {
                guard let state = FeedbackState(rawValue: state) else { continue }
                found[id] = (state, main, code, unit, hasDuplicates)
            }
            guard let item = found[itemID], let main = found[mainID] else { return .refused(.notFound) }
            if let unitIDs { guard let unit = main.unit, unitIDs.contains(unit) else { return .refused(.notFound) } }
            guard item.state.isOpen else { return .refused(.itemHandled) }
            guard !item.hasDuplicates else { return .refused(.itemHasDuplicates) }
            guard main.main == nil, main.state != .outOfScope else { return .refused(.mainNotLinkable) }
            try await connection.query("""
                UPDATE feedback_items
                SET main_item_id = \(mainID), updated_at = now()
                WHERE id = \(itemID)
                """, logger: logger)
            try await Self.recordLink(FeedbackWorkflow.linkAction, itemID: itemID, state: item.state, mainCode: main.code,
                                      actor: actor, on: connection, logger: logger)
            let followed: FeedbackState? = [.resolved, .forwarded, .published, .reopenRequested].contains(main.state)
                ? main.state : nil
            if followed != nil {
                try await Self.follow(mainID: mainID, only: itemID, actor: actor, on: connection, logger: logger)
            }
            return .linked(followed: followed == .reopenRequested ? .published : followed)
        }
    }

    /// Unlinks item `itemID` from its main item (event `unlink`); what it took from the main item
    /// stays. - Returns: false when it was not linked (or does not exist).
    public func unlink(itemID: UUID, actor: Actor, logger: Logger) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE feedback_items i
                SET main_item_id = NULL, updated_at = now()
                FROM feedback_items m
                WHERE i.id = \(itemID) AND m.id = i.main_item_id
                RETURNING i.state, m.tracking_code
                """, logger: logger)
            var unlinked: (String, String)?
            for try await row in rows.decode((String, String).self) { unlinked = row }
            guard let (state, code) = unlinked, let current = FeedbackState(rawValue: state) else { return false }
            try await Self.recordLink(FeedbackWorkflow.unlinkAction, itemID: itemID, state: current, mainCode: code,
                                      actor: actor, on: connection, logger: logger)
            return true
        }
    }

    /// The items linked to `mainID`, by code, and the main item `itemID` is linked to.
    public func links(of itemID: UUID, logger: Logger) async throws -> (main: LinkedItem?, duplicates: [LinkedItem]) {
        let rows = try await database.query("""
            SELECT o.id, o.tracking_code, o.state, o.id IS NOT DISTINCT FROM i.main_item_id
            FROM feedback_items i
            JOIN feedback_items o ON o.id = i.main_item_id OR o.main_item_id = i.id
            WHERE i.id = \(itemID)
            ORDER BY o.tracking_code
            """, logger: logger) { row -> (LinkedItem, Bool)? in
            let (id, code, state, isMain) = try row.decode((UUID, String, String, Bool).self)
            return FeedbackState(rawValue: state).map { (LinkedItem(id: id, trackingCode: code, state: $0), isMain) }
        }.compactMap { $0 }
        return (rows.first { $0.1 }?.0, rows.filter { !$0.1 }.map(\.0))
    }

    /// An item at the other end of a link.
    public struct LinkedItem: Sendable, Hashable {
        public let id: UUID
        public let trackingCode: String
        public let state: FeedbackState
    }

    private static func recordLink(_ action: String, itemID: UUID, state: FeedbackState, mainCode: String, actor: Actor,
                                   on connection: PostgresConnection, logger: Logger) async throws {
        let details = String(decoding: try JSONEncoder().encode(["mainItem": mainCode]), as: UTF8.self)
        try await connection.query("""
            INSERT INTO feedback_events (item_id, actor_user_id, actor_login, action, from_state, to_state, details)
            VALUES (\(itemID), \(actor.userID), \(actor.login), \(action), \(state.rawValue), \(state.rawValue),
                    \(details)::jsonb)
            """, logger: logger)
    }

    /// Gives the items linked to `mainID` (or only `only`) what the main item's handling gave it:
    /// its resolution, reply and competent body once it is resolved or forwarded, its publication
    /// (title, instant) once published; each with an event of the main item's action, its
    /// `mainItem` detail naming the main item, and the citizen's own message (the published one,
    /// with the item's own rating round). Items already past that point are left as they are.
    static func follow(mainID: UUID, only: UUID? = nil, actor: Actor, on connection: PostgresConnection,
                       logger: Logger) async throws {
        let rows = try await connection.query("""
            SELECT state, resolution, tracking_code
            FROM feedback_items
            WHERE id = \(mainID)
            """, logger: logger)
        var main: (state: String, resolution: String?, code: String)?
        for try await row in rows.decode((String, String?, String).self) { main = row }
        guard let main, let mainState = FeedbackState(rawValue: main.state) else { return }
        // What the linked items become, from which states, by which action.
        let handled = main.resolution.flatMap(FeedbackState.init(rawValue:)) ?? mainState
        var steps: [(action: FeedbackAction, to: FeedbackState, from: [FeedbackState])] = []
        let open = FeedbackState.allCases.filter(\.isOpen)
        if [.resolved, .forwarded, .published, .reopenRequested].contains(mainState), handled == .resolved || handled == .forwarded {
            steps.append((handled == .resolved ? .resolve : .forward, handled, open))
        }
        if mainState == .published || mainState == .reopenRequested {
            steps.append((.publish, .published, [.resolved, .forwarded]))
        }
        let details = String(decoding: try JSONEncoder().encode(["mainItem": main.code]), as: UTF8.self)
        for step in steps {
            let publishing = step.to == .published
            let followed = try await connection.query("""
                WITH followers AS (
                    SELECT id, state
                    FROM feedback_items
                    WHERE main_item_id = \(mainID)
                      AND (\(only)::uuid IS NULL OR id = \(only)::uuid)
                      AND state = ANY(\(step.from.map(\.rawValue))::text[])
                    FOR UPDATE
                )
                UPDATE feedback_items x
                SET state          = \(step.to.rawValue),
                    resolution     = m.resolution,
                    public_reply   = m.public_reply,
                    competent_body = m.competent_body,
                    handled_on     = COALESCE(x.handled_on, m.handled_on),
                    public_title   = CASE WHEN \(publishing)::boolean THEN m.public_title ELSE x.public_title END,
                    published_at   = CASE WHEN \(publishing)::boolean THEN now() ELSE x.published_at END,
                    updated_at     = now()
                FROM feedback_items m, followers f
                WHERE m.id = \(mainID) AND x.id = f.id
                RETURNING x.id, f.state
                """, logger: logger)
            var moved: [(UUID, String)] = []
            for try await row in followed.decode((UUID, String).self) { moved.append(row) }
            for (id, from) in moved {
                try await connection.query("""
                    INSERT INTO feedback_events (item_id, actor_user_id, actor_login, action, from_state, to_state, details)
                    VALUES (\(id), \(actor.userID), \(actor.login), \(step.action.rawValue), \(from), \(step.to.rawValue),
                            \(details)::jsonb)
                    """, logger: logger)
                if publishing { try await enqueuePublished(itemID: id, on: connection, logger: logger) }
            }
        }
    }
}
