import CivicCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Where analytics and exports read (`DATABASE_READ_URL`): a streaming replica while it answers
/// and is close enough behind the primary, else the primary itself.
///
/// Whether the replica is behind is measured against the primary, not by the replica alone: a
/// replica that has replayed up to the primary's current WAL position holds every commit made
/// before that instant, however long ago its last replayed commit was (an idle primary commits
/// nothing). Otherwise its lag is the primary's clock minus the commit time of the last
/// transaction it replayed (`pg_last_xact_replay_timestamp()`, stamped by the primary), so one
/// clock measures both. A choice is reused for ``recheckInterval``, so a busy dashboard adds two
/// tiny queries a second, not two per request.
public final class ReplicaRouter: Sendable {
    /// Why a read meant for the replica went to the primary.
    public enum Fallback: String, Sendable, CaseIterable {
        /// The replica did not answer within ``checkDeadline``.
        case unavailable
        /// It answered but lags more than ``maximumLag`` (or has replayed nothing yet).
        case lagging
        /// It answered as a primary (promoted, or a wrong URL): its data may have forked.
        case notStandby = "not_standby"
    }

    /// One read's database, and how current its figures are.
    public struct Source: Sendable {
        public enum Place: String, Sendable { case primary, replica }

        public let database: Database
        public let place: Place
        /// Every commit before this instant is in what this source reads: the replica's last
        /// replayed commit (the time of the check when it had replayed all the primary had
        /// written); the moment of the choice on the primary.
        public let asOf: Date
        /// Set when the replica was configured but the primary serves this read instead.
        public let fallback: Fallback?

        public init(database: Database, place: Place, asOf: Date, fallback: Fallback?) {
            self.database = database
            self.place = place
            self.asOf = asOf
            self.fallback = fallback
        }
    }

    private enum Decision: Sendable {
        case replica(asOf: Date)
        case primary(Fallback)
    }

    public let primary: Database
    public let replica: Database?
    public let maximumLag: Duration
    /// The primary's "now" when it serves a read.
    public let clock: ServiceClock
    /// How long one check's decision is reused.
    public static let recheckInterval: Duration = .seconds(1)
    /// How long a check waits for either server: an away replica must not slow every report.
    public static let checkDeadline: Duration = .seconds(1)
    private let last = Mutex<(at: ContinuousClock.Instant, decision: Decision)?>(nil)

    /// - Parameter replica: nil: every read goes to `primary`, with no fallback counted.
    public init(primary: Database, replica: Database?, maximumLag: Duration = .seconds(60), clock: ServiceClock = .system) {
        self.primary = primary
        self.replica = replica
        self.maximumLag = maximumLag
        self.clock = clock
    }

    /// Where the next read goes.
    public func source(logger: Logger) async -> Source {
        guard let replica else { return Source(database: primary, place: .primary, asOf: clock.now(), fallback: nil) }
        let now = ContinuousClock.now
        let decision: Decision
        if let cached = last.withLock({ $0 }), cached.at.duration(to: now) < Self.recheckInterval {
            decision = cached.decision
        } else {
            decision = await check(replica, logger: logger)
            last.withLock { $0 = (now, decision) }
        }
        switch decision {
        case .replica(let asOf):
            return Source(database: replica, place: .replica, asOf: asOf, fallback: nil)
        case .primary(let reason):
            return Source(database: primary, place: .primary, asOf: clock.now(), fallback: reason)
        }
    }

    private func check(_ replica: Database, logger: Logger) async -> Decision {
        // The primary's position first: a replica that has replayed up to it afterwards holds
        // every commit made before this instant. The insert position, not the write position: a
        // commit made with synchronous_commit=off may not be written out yet, and "as of now"
        // would then claim a commit the replica has not seen.
        let position = try? await primary.with(deadline: Self.checkDeadline).query("""
            SELECT pg_current_wal_insert_lsn()::text, now()
            """, logger: logger) { try $0.decode((String, Date).self) }.first
        let state: (inRecovery: Bool, replayedAt: Date?, caughtUp: Bool, now: Date)?
        do {
            let rows: [(Bool, Date?, Bool, Date)] = try await replica.with(deadline: Self.checkDeadline).query("""
                SELECT pg_is_in_recovery(),
                       pg_last_xact_replay_timestamp(),
                       COALESCE(pg_last_wal_replay_lsn() >= \(position?.0)::pg_lsn, false),
                       now()
                """, logger: logger) { row in try row.decode((Bool, Date?, Bool, Date).self) }
            state = rows.first.map { (inRecovery: $0.0, replayedAt: $0.1, caughtUp: $0.2, now: $0.3) }
        } catch {
            logger.warning("the read replica does not answer: reading from the primary",
                           metadata: ["reason": "\(String(describing: error))"])
            return .primary(.unavailable)
        }
        guard let state else { return .primary(.unavailable) }
        guard state.inRecovery else {
            logger.warning("DATABASE_READ_URL is not a standby: reading from the primary")
            return .primary(.notStandby)
        }
        if state.caughtUp, let position { return .replica(asOf: position.1) }
        guard let replayedAt = state.replayedAt else { return .primary(.lagging) }
        // Without the primary's clock (it did not answer in time), the replica's own measures the
        // lag: on an idle primary that overstates it, which errs towards the primary.
        let lag = (position?.1 ?? state.now).timeIntervalSince(replayedAt)
        if lag <= Self.seconds(maximumLag) { return .replica(asOf: replayedAt) }
        // The primary known to be away: the replica's figures, dated, are better than none.
        if position == nil, primary.isKnownUnavailable { return .replica(asOf: replayedAt) }
        logger.notice("the read replica lags: reading from the primary", metadata: ["lagSeconds": "\(Int(lag))"])
        return .primary(.lagging)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
