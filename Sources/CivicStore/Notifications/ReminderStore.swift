import CivicCore
import Foundation
import Logging
import PostgresNIO

/// What the reminder scan reads and writes (Migrations/0022): open items coming due, and each
/// reminder stage or unit digest with its outbox messages.
///
/// Guarantees: a stage of an item (`feedback_reminders`) and a unit's digest of a day
/// (`unit_digests`) are recorded in the transaction that writes their messages, with
/// `ON CONFLICT DO NOTHING`: however many servers scan at once and however often they restart,
/// each is written once (a second writer waits for the first's commit, then finds the row and
/// writes nothing). Nothing is recorded while nobody could be told (no recipient has an email),
/// so a stage is sent once someone has one.
public struct ReminderStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// An open item with a due date, as the scan sees it.
    public struct DueItem: Sendable, Hashable {
        public let id: UUID
        public let trackingCode: String
        public let title: String
        public let dueOn: CalendarDate
        public let assigneeUserID: Int64?
        /// The unit handling it (the assigned unit, else the unit the citizen named).
        public let unitID: Int64
        public let unitCode: String
        /// The unit's Vietnamese name.
        public let unitName: String
        /// The unit above it; nil for the root.
        public let parentUnitID: Int64?
        /// The stages already recorded (``ReminderPolicy/Stage/key``).
        public let stagesDone: Set<String>
    }

    /// Who a stage's message goes to: enabled accounts with an email on them.
    public enum Recipients: Sendable, Hashable {
        /// One account: the assignee.
        case account(Int64)
        /// The accounts with a handler grant on the unit itself.
        case handlers(ofUnit: Int64)
    }

    /// The accepted, assigned or in-progress items with a unit and a due date up to `horizon`
    /// (so every overdue one too), by due date.
    public func dueItems(through horizon: CalendarDate, logger: Logger) async throws -> [DueItem] {
        let states = [FeedbackState.accepted, .assigned, .inProgress].map(\.rawValue)
        // A date PostgreSQL wrote always parses; the compactMap only satisfies the type.
        return try await database.query("""
            SELECT i.id,
                   i.tracking_code,
                   i.title,
                   i.due_on::text,
                   i.assigned_user_id,
                   un.id,
                   un.code,
                   COALESCE(un.names->>'vi', un.code),
                   un.parent_id,
                   COALESCE((SELECT array_agg(r.stage ORDER BY r.stage)
                             FROM feedback_reminders r
                             WHERE r.item_id = i.id), '{}')
            FROM feedback_items i
            JOIN units un ON un.id = COALESCE(i.assigned_unit_id, i.unit_id)
            WHERE i.state = ANY(\(states)::text[])
              AND i.due_on <= \(horizon.description)::date
            ORDER BY i.due_on, i.tracking_code
            """, logger: logger) { row -> DueItem? in
            let (id, code, title, due, assignee, unitID, unitCode, unitName, parent, stages) =
                try row.decode((UUID, String, String, String, Int64?, Int64, String, String, Int64?, [String]).self)
            guard let dueOn = CalendarDate(due) else { return nil }
            return DueItem(id: id, trackingCode: code, title: title, dueOn: dueOn, assigneeUserID: assignee, unitID: unitID,
                           unitCode: unitCode, unitName: unitName, parentUnitID: parent, stagesDone: Set(stages))
        }.compactMap { $0 }
    }

    /// Records `stage` of `item` and writes a message of `kind` to each of `recipients`, in one
    /// transaction; nothing when the stage was recorded already or nobody has an email.
    /// - Returns: how many messages were written.
    public func writeStage(_ stage: ReminderPolicy.Stage, of item: DueItem, kind: MessageKind, to recipients: Recipients,
                           parameters: [String: String], logger: Logger) async throws -> Int {
        try await database.withTransaction(logger: logger) { connection in
            let users = try await Self.recipients(recipients, on: connection, logger: logger)
            guard !users.isEmpty else { return 0 }
            let rows = try await connection.query("""
                INSERT INTO feedback_reminders (item_id, stage, due_on)
                VALUES (\(item.id), \(stage.key), \(item.dueOn.description)::date)
                ON CONFLICT DO NOTHING
                RETURNING stage
                """, logger: logger)
            var recorded = false
            for try await _ in rows { recorded = true }
            guard recorded else { return 0 }
            try await Outbox.enqueue(kind, itemID: item.id, toUsers: users, parameters: parameters, on: connection,
                                     logger: logger)
            return users.count
        }
    }

    /// Records unit `unitID`'s digest of `day` (listing `items` items) and writes it to the unit's
    /// handlers, in one transaction; nothing when it was written already or nobody has an email.
    /// - Returns: how many messages were written.
    public func writeDigest(unitID: Int64, day: CalendarDate, items: Int, parameters: [String: String],
                            logger: Logger) async throws -> Int {
        try await database.withTransaction(logger: logger) { connection in
            let users = try await Self.recipients(.handlers(ofUnit: unitID), on: connection, logger: logger)
            guard !users.isEmpty else { return 0 }
            let rows = try await connection.query("""
                INSERT INTO unit_digests (unit_id, day, items)
                VALUES (\(unitID), \(day.description)::date, \(items))
                ON CONFLICT DO NOTHING
                RETURNING unit_id
                """, logger: logger)
            var recorded = false
            for try await _ in rows { recorded = true }
            guard recorded else { return 0 }
            try await Outbox.enqueue(.digest, itemID: nil, toUsers: users, parameters: parameters, on: connection,
                                     logger: logger)
            return users.count
        }
    }

    /// The enabled accounts with an email among `recipients`, by id.
    private static func recipients(_ recipients: Recipients, on connection: PostgresConnection,
                                   logger: Logger) async throws -> [Int64] {
        let (account, unit): (Int64?, Int64?) = switch recipients {
        case .account(let id): (id, nil)
        case .handlers(let unitID): (nil, unitID)
        }
        let rows = try await connection.query("""
            SELECT u.id
            FROM users u
            WHERE u.disabled_at IS NULL
              AND u.email_contact_id IS NOT NULL
              AND (u.id = \(account)::bigint
                   OR EXISTS (SELECT 1
                              FROM grants g
                              WHERE g.user_id = u.id
                                AND g.role = 'handler'
                                AND g.unit_id = \(unit)::bigint))
            ORDER BY u.id
            """, logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }
}
