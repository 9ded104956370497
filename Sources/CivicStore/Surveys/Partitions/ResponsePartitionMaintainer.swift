import CivicCore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Keeps the partitions of `responses` made ahead: this month and the next ``monthsAhead``, checked
/// every ``interval`` (Migrations/0025). Responses of a month without a partition would go to the
/// DEFAULT partition, which is for paper forms older than the first month; the creating function
/// moves any such rows into their month's partition when it makes one.
///
/// A job of the server's own rather than pg_partman: the whole of it is one call of a bounded
/// function a few times a day, and pg_partman would be one more extension for every operator to
/// install (from Debian) and keep in step with PostgreSQL. Several servers may run it: the
/// function makes one partition at a time under an advisory lock.
public struct ResponsePartitionMaintainer: Service {
    public let partitions: ResponsePartitions
    /// Months made beyond the current one.
    public let monthsAhead: Int
    public let interval: Duration
    let clock: ServiceClock
    let logger: Logger
    /// Awaited before the first round: the server's start-up migrations (0025 makes the function).
    let startsAfter: (@Sendable () async -> Void)?

    /// - Parameters:
    ///   - monthsAhead: 3 by default: a server stopped for a whole quarter still finds its months.
    ///   - interval: one hour by default.
    public init(database: Database, monthsAhead: Int = 3, interval: Duration = .seconds(3600), clock: ServiceClock,
                logger: Logger, startsAfter: (@Sendable () async -> Void)? = nil) {
        self.partitions = ResponsePartitions(database: database.with(deadline: .seconds(60)))
        self.monthsAhead = monthsAhead
        self.interval = interval
        self.clock = clock
        self.logger = logger
        self.startsAfter = startsAfter
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await startsAfter?()
            while !Task.isCancelled {
                do {
                    try await makeAhead()
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42883" {
                    // undefined_function: served before `civicvoice migrate` applied 0025.
                    logger.debug("response partitions wait for migration 0025")
                } catch {
                    // A lock the function could not get within its lock_timeout (a long export
                    // holding the DEFAULT partition) or an outage: the next round tries again.
                    logger.warning("making response partitions ahead failed; retrying next round",
                                   metadata: ["error": "\(StoreError.logDescription(error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One round: the partitions of this month through ``monthsAhead`` months later.
    /// - Returns: how many were made.
    @discardableResult
    public func makeAhead() async throws -> Int {
        let now = clock.now()
        let thisMonth = YearMonth(CalendarDate.inVietnam(at: now))
        var last = thisMonth
        for _ in 0..<monthsAhead { last = last.next }
        let made = try await partitions.create(from: now, through: last.firstDay.startInVietnam, logger: logger)
        if made > 0 {
            logger.notice("response partitions made ahead", metadata: ["count": "\(made)", "through": "\(last)"])
        }
        return made
    }
}
