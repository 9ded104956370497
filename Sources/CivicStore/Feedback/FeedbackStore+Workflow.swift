import CivicCore
import Foundation
import Logging
import PostgresNIO

extension FeedbackStore {
    /// Who makes a change: a staff account (or a command).
    public struct Actor: Sendable {
        public let userID: Int64?
        public let login: String

        public init(userID: Int64?, login: String) {
            self.userID = userID
            self.login = login
        }
    }

    public enum TransitionOutcome: Sendable {
        case applied(FeedbackState)
        /// The workflow refused the change; nothing was written.
        case refused(WorkflowError)
        case notFound
    }

    /// Applies one workflow action to one item: the item's row is locked, the state machine decides
    /// against its current state, then the row and a new event are written in the same
    /// transaction. Two concurrent changes of one item are applied one after the other, and the
    /// second is judged against the state the first left.
    ///
    /// - Parameters:
    ///   - today: the day of the change in the service's time zone (acceptance sets the due date).
    ///   - dueInWorkingDays: the deadline for this item's category and unit.
    ///   - assigneeUnitID / assigneeUserID: resolved by the caller from the request's codes.
    public func transition(
        itemID: UUID,
        request: TransitionRequest,
        actor: Actor,
        today: CalendarDate,
        calendar: WorkingCalendar,
        deadlines: DeadlinePolicy,
        assigneeUnitID: Int64?,
        assigneeUserID: Int64?,
        logger: Logger
    ) async throws -> TransitionOutcome {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                SELECT i.state, i.category, u.code, i.received_on::text
                FROM feedback_items i
                LEFT JOIN units u ON u.id = i.unit_id
                WHERE i.id = \(itemID)
                FOR UPDATE OF i
                """, logger: logger)
            var current: (state: String, category: String, unitCode: String?, receivedOn: String)?
            for try await row in rows.decode((String, String, String?, String).self) { current = row }
            guard let current, let state = FeedbackState(rawValue: current.state),
                  let receivedOn = CalendarDate(current.receivedOn) else { return .notFound }

            // The state machine judges the request against the state read under the lock, and
            // returns its text cleaned (NFC, trimmed, within limits): only that is written.
            let change: ValidatedTransition
            switch FeedbackWorkflow.validate(request, from: state) {
            case .success(let validated): change = validated
            case .failure(let error): return .refused(error)
            }
            let target = change.to
            let day = today.description
            // From acceptance or from receipt, as deadlines.yaml's `handling_from` says.
            let due = change.action == .accept
                ? deadlines.dueDate(receivedOn: receivedOn, acceptedOn: today, category: current.category,
                                    unitCode: current.unitCode, calendar: calendar).description
                : nil
            let handled = target == .resolved || target == .forwarded
            let resolution = change.resolution?.rawValue
            try await connection.query("""
                UPDATE feedback_items
                SET state               = \(target.rawValue),
                    accepted_on         = CASE WHEN \(change.action == .accept)::boolean THEN \(day)::date ELSE accepted_on END,
                    due_on              = COALESCE(\(due)::date, due_on),
                    assigned_unit_id    = CASE WHEN \(change.action == .assign)::boolean THEN \(assigneeUnitID)::bigint ELSE assigned_unit_id END,
                    assigned_user_id    = CASE WHEN \(change.action == .assign)::boolean THEN \(assigneeUserID)::bigint ELSE assigned_user_id END,
                    handled_on          = CASE WHEN \(handled)::boolean THEN \(day)::date ELSE handled_on END,
                    resolution          = COALESCE(\(resolution)::text, resolution),
                    public_reply        = COALESCE(\(change.publicReply)::text, public_reply),
                    public_title        = COALESCE(\(change.publicTitle)::text, public_title),
                    competent_body      = COALESCE(\(change.competentBody)::text, competent_body),
                    out_of_scope_reason = COALESCE(\(change.outOfScopeReason?.rawValue)::text, out_of_scope_reason),
                    redirect_to         = COALESCE(\(change.redirectTo)::text, redirect_to),
                    published_at        = CASE WHEN \(change.action == .publish)::boolean THEN now() ELSE published_at END,
                    rating_round        = rating_round + CASE WHEN \(change.action == .reopen)::boolean THEN 1 ELSE 0 END,
                    updated_at          = now()
                WHERE id = \(itemID)
                """, logger: logger)
            var details: [String: String] = [:]
            if let unit = change.assigneeUnit { details["assigneeUnit"] = unit }
            if let login = change.assigneeLogin { details["assigneeLogin"] = login }
            if let body = change.competentBody { details["competentBody"] = body }
            if let title = change.publicTitle { details["publicTitle"] = title }
            if let reason = change.outOfScopeReason { details["outOfScopeReason"] = reason.rawValue }
            if let due { details["dueOn"] = due }
            if let reason = change.closingReason { details["closingReason"] = reason }
            let detailsJSON = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
            try await connection.query("""
                INSERT INTO feedback_events (item_id, actor_user_id, actor_login, action, from_state, to_state, note, details)
                VALUES (\(itemID), \(actor.userID), \(actor.login), \(change.action.rawValue), \(state.rawValue),
                        \(target.rawValue), \(change.note), \(detailsJSON)::jsonb)
                """, logger: logger)
            try await Self.enqueueMessage(for: change, itemID: itemID, due: due, on: connection, logger: logger)
            // The items linked to this one as its duplicates get its handling and its reply, each
            // with its own event and result message (FeedbackStore+Duplicates).
            if [.resolve, .forward, .publish].contains(change.action) {
                try await Self.follow(mainID: itemID, actor: actor, on: connection, logger: logger)
            }
            return .applied(target)
        }
    }

    /// Adds an internal note to an item's history: an event `note` that leaves the state as it is
    /// (from and to are the current state), visible to staff only. The note is cleaned like a
    /// transition's (``FeedbackWorkflow/cleanedNote(_:)``).
    /// - Returns: false when there is no such item.
    /// - Throws: ``WorkflowError`` for an empty or unusable note.
    public func addNote(itemID: UUID, note raw: String, actor: Actor, logger: Logger) async throws -> Bool {
        let note = try FeedbackWorkflow.cleanedNote(raw).get()
        return try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                SELECT state
                FROM feedback_items
                WHERE id = \(itemID)
                FOR UPDATE
                """, logger: logger)
            var state: String?
            for try await value in rows.decode(String.self) { state = value }
            guard let state else { return false }
            try await connection.query("""
                INSERT INTO feedback_events (item_id, actor_user_id, actor_login, action, from_state, to_state, note)
                VALUES (\(itemID), \(actor.userID), \(actor.login), \(FeedbackWorkflow.noteAction), \(state), \(state), \(note))
                """, logger: logger)
            return true
        }
    }

    /// Queues, in the transition's transaction, what the citizen is told of this change (when they
    /// left an email with consent): acceptance with the due date, out of scope with where to go,
    /// publication with the public reply and what its rating link needs (the round to rate and
    /// the instant of publication, from which the link's validity counts), a reopening, and a
    /// request to reconsider closed with its reason. Other steps are internal and send nothing.
    private static func enqueueMessage(for change: ValidatedTransition, itemID: UUID, due: String?,
                                       on connection: PostgresConnection, logger: Logger) async throws {
        switch change.to {
        case .accepted where change.action == .accept:
            try await Outbox.enqueue(.accepted, itemID: itemID, parameters: due.map { ["due_on": $0] } ?? [:],
                                     on: connection, logger: logger)
        case .outOfScope:
            var parameters: [String: String] = [:]
            if let redirect = change.redirectTo { parameters["redirect_to"] = redirect }
            if let reason = change.outOfScopeReason { parameters["reason"] = reason.rawValue }
            try await Outbox.enqueue(.outOfScope, itemID: itemID, parameters: parameters, on: connection, logger: logger)
        case .published where change.action == .publish:
            try await enqueuePublished(itemID: itemID, on: connection, logger: logger)
        case .inProgress where change.action == .reopen:
            try await Outbox.enqueue(.reopened, itemID: itemID, on: connection, logger: logger)
        case .published where change.action == .closeReopenRequest:
            try await Outbox.enqueue(.reopenDeclined, itemID: itemID,
                                     parameters: change.closingReason.map { ["closing_reason": $0] } ?? [:],
                                     on: connection, logger: logger)
        default:
            break
        }
    }

    /// Queues the result message of item `itemID`, just published in the caller's transaction:
    /// the reply (written when it was resolved or forwarded), and what its rating link needs (the
    /// round to rate, the instant of publication), read from the row as it is now.
    static func enqueuePublished(itemID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query("""
            SELECT public_reply, rating_round, to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM feedback_items
            WHERE id = \(itemID)
            """, logger: logger)
        var parameters: [String: String] = [:]
        for try await (reply, round, published) in rows.decode((String?, Int, String).self) {
            parameters = ["rating_round": "\(round)", "published_at": published]
            if let reply { parameters["public_reply"] = reply }
        }
        try await Outbox.enqueue(.published, itemID: itemID, parameters: parameters, on: connection, logger: logger)
    }

    /// The history of an item, oldest first.
    public func events(itemID: UUID, logger: Logger) async throws -> [FeedbackEvent] {
        try await database.query("""
            SELECT at, actor_login, action, from_state, to_state, note, details ->> 'closingReason'
            FROM feedback_events
            WHERE item_id = \(itemID)
            ORDER BY id
            """, logger: logger) { row in
            let (at, actor, action, from, to, note, closingReason) =
                try row.decode((Date, String, String, String?, String, String?, String?).self)
            return FeedbackEvent(at: at, actor: actor, action: action, fromState: from, toState: to, note: note,
                                 closingReason: closingReason)
        }
    }

    /// How a citizen shows they may rate an item.
    public enum RatingProof: Sendable, Hashable {
        /// The tracking code: the current round, once the result is published and for
        /// `ratingDays` after publication.
        case trackingCode(String)
        /// A rating link whose signature and expiry the caller verified: the item and the round it
        /// was sent for.
        case link(itemID: UUID, round: Int)
    }

    public enum RatingOutcome: Sendable, Equatable {
        /// Stored; `reopenRequested` when it was dissatisfied with a reason, which moved the item
        /// to reopen_requested.
        case recorded(reopenRequested: Bool)
        /// This round was rated already (a link of an earlier round is one of these).
        case alreadyRated
        /// The result is not published (yet, or again after a reopening).
        case notYetPublished
        /// Published more than `ratingDays` ago: the tracking code no longer rates it.
        case closed
        case notFound
    }

    /// Records the citizen's rating of how their item was handled: once per round (the first
    /// publication, then each publication after staff reopened it), only while the result is
    /// published. A dissatisfied rating with a reason moves the item to reopen_requested, with an
    /// event `request_reopen` (actor `citizen`, the reason as its note), in the same transaction.
    ///
    /// - Parameters:
    ///   - reason: cleaned by the caller (NFC, trimmed, within its length); nil for none.
    ///   - ratingDays: how long after publication the tracking code rates (a link carries its own expiry).
    public func rate(_ proof: RatingProof, satisfied: Bool, reason: String?, ratingDays: Int, now: Date,
                     logger: Logger) async throws -> RatingOutcome {
        try await database.withTransaction(logger: logger) { connection in
            let rows: PostgresRowSequence
            switch proof {
            case .trackingCode(let code):
                rows = try await connection.query("""
                    SELECT id, state, rating_round, published_at
                    FROM feedback_items
                    WHERE tracking_code = \(code)
                    FOR UPDATE
                    """, logger: logger)
            case .link(let itemID, _):
                rows = try await connection.query("""
                    SELECT id, state, rating_round, published_at
                    FROM feedback_items
                    WHERE id = \(itemID)
                    FOR UPDATE
                    """, logger: logger)
            }
            var found: (id: UUID, state: String, round: Int, publishedAt: Date?)?
            for try await row in rows.decode((UUID, String, Int, Date?).self) { found = row }
            guard let found, let state = FeedbackState(rawValue: found.state) else { return .notFound }
            var round = found.round
            if case .link(_, let linked) = proof {
                // A link of an earlier round: that round was rated, which is how the item got reopened.
                guard linked <= found.round else { return .notFound }
                guard linked == found.round else { return .alreadyRated }
                round = linked
            }
            let existing = try await connection.query("""
                SELECT 1
                FROM feedback_ratings
                WHERE item_id = \(found.id) AND round = \(round)
                """, logger: logger)
            for try await _ in existing { return .alreadyRated }
            guard state == .published, let publishedAt = found.publishedAt else { return .notYetPublished }
            if case .trackingCode = proof, now >= publishedAt.addingTimeInterval(TimeInterval(ratingDays) * 86_400) {
                return .closed
            }
            var byLink = false
            if case .link = proof { byLink = true }
            try await connection.query("""
                INSERT INTO feedback_ratings (item_id, round, satisfied, reason, by_link)
                VALUES (\(found.id), \(round), \(satisfied), \(reason), \(byLink))
                """, logger: logger)
            guard !satisfied, let reason else { return .recorded(reopenRequested: false) }
            try await connection.query("""
                UPDATE feedback_items
                SET state = \(FeedbackState.reopenRequested.rawValue), updated_at = now()
                WHERE id = \(found.id)
                """, logger: logger)
            try await connection.query("""
                INSERT INTO feedback_events (item_id, actor_login, action, from_state, to_state, note)
                VALUES (\(found.id), 'citizen', \(FeedbackWorkflow.citizenReopenRequest), \(state.rawValue),
                        \(FeedbackState.reopenRequested.rawValue), \(reason))
                """, logger: logger)
            return .recorded(reopenRequested: true)
        }
    }
}
