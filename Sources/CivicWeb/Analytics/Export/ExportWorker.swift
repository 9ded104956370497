import CivicCore
import CivicStore
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// Runs the background exports of ``ExportJobStore`` on this server, one job at a time: every
/// server runs one, and any of them takes any job.
///
/// A job's rows are read where analytics read (the replica when there is one, ``ReplicaRouter``)
/// and its file is written to the primary in chunks of ``chunkSize``, each chunk renewing the
/// lease; a heartbeat renews it too while a chunk takes long (a slow start of the query). A killed
/// server's job is taken over once its lease has run out (``lease``); on SIGTERM the job in hand
/// is given back at once. Finished files are deleted after ``keep`` (`EXPORT_KEEP_HOURS`).
struct ExportWorker: Service {
    let jobs: ExportJobStore
    let service: AnalyticsService
    let audit: AuditLog
    /// How long a finished (or failed) job and its file are kept.
    let keep: Duration
    let lease: Duration
    /// How long a worker waits before looking for a job again after one; an idle worker waits
    /// twice as long each time it finds none, up to ``maximumIdleInterval``, so that many idle
    /// servers (or test apps) add little to the database's load.
    let pollInterval: Duration
    /// This worker's name in `export_jobs.lease_owner`: host, process and a random part.
    let owner: String
    let logger: Logger
    /// Waited for before the first claim: true once the start-up migrations (which create the
    /// queue) are applied; false when the server serves an older schema (`--no-migrate`), and then
    /// this worker stays idle until the server stops.
    let startsAfter: @Sendable () async -> Bool

    /// Bytes per stored chunk: large enough to keep the rows few, small enough for memory.
    static let chunkSize = 1 << 20
    /// The longest wait of an idle worker between looks for a job.
    static let maximumIdleInterval: Duration = .seconds(5)
    /// How often expired jobs are deleted.
    static let cleanupInterval: Duration = .seconds(60)

    init(jobs: ExportJobStore, service: AnalyticsService, audit: AuditLog, keep: Duration, lease: Duration = .seconds(30),
         pollInterval: Duration = .seconds(1), logger: Logger, startsAfter: @escaping @Sendable () async -> Bool = { true }) {
        self.jobs = jobs
        self.service = service
        self.audit = audit
        self.keep = keep
        self.lease = lease
        self.pollInterval = pollInterval
        self.logger = logger
        self.startsAfter = startsAfter
        owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):"
            + UUID().uuidString.prefix(8).lowercased()
    }

    /// The claim is no longer held: another server took the job over.
    struct LeaseLost: Error {}

    func run() async throws {
        await cancelWhenGracefulShutdown {
            guard await startsAfter() else {
                logger.warning("background exports wait for `civicvoice migrate`: the queue's migration is pending")
                // A service that returns ends the server: stay until it stops.
                try? await gracefulShutdown()
                return
            }
            var lastCleanup: ContinuousClock.Instant?
            var idle = pollInterval
            while !Task.isCancelled {
                if lastCleanup.map({ $0.duration(to: .now) >= Self.cleanupInterval }) ?? true {
                    lastCleanup = .now
                    do {
                        let deleted = try await jobs.deleteExpired(logger: logger)
                        if deleted > 0 { logger.info("expired exports deleted", metadata: ["count": "\(deleted)"]) }
                    } catch {
                        if !Task.isCancelled {
                            logger.warning("deleting expired exports failed",
                                           metadata: ["error": "\(StoreError.logDescription(error))"])
                        }
                    }
                }
                let claim: ExportJobStore.Claim?
                do {
                    claim = try await jobs.claim(owner: owner, lease: lease, keep: keep, logger: logger)
                } catch {
                    if !Task.isCancelled {
                        logger.warning("claiming an export failed", metadata: ["error": "\(StoreError.logDescription(error))"])
                    }
                    claim = nil
                }
                if let claim {
                    await perform(claim)
                    idle = pollInterval
                } else {
                    // Cancelled at graceful shutdown: end the loop and return, not throw (see CountsCompactor).
                    try? await Task.sleep(for: idle)
                    idle = min(idle * 2, Self.maximumIdleInterval)
                }
            }
        }
    }

    /// Runs one claimed job to its end: done, failed, given back, or lost to a takeover.
    func perform(_ claim: ExportJobStore.Claim) async {
        let job = claim.job
        let metadata: Logger.Metadata = ["export": "\(job.id)", "attempt": "\(claim.attempt)"]
        let jobs = self.jobs, lease = self.lease, logger = self.logger
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: lease / 3)
                if Task.isCancelled { return }
                if (try? await jobs.renew(claim, lease: lease, logger: logger)) == false { return }
            }
        }
        defer { heartbeat.cancel() }
        do {
            let written = try await write(claim)
            guard try await jobs.finish(claim, rowsWritten: written, keep: keep, logger: logger) else { throw LeaseLost() }
            // Recorded as the raw download is, in the name of who asked for it.
            let specification = try ExportSpecification(parameters: ExportSpecification.parameters(of: job), accept: nil,
                                                        service: service)
            var details = specification.auditDetails(unitCode: job.unitCode)
            details["export"] = .string(job.id.uuidString.lowercased())
            details["rows"] = .int(written)
            details["completed"] = .string("true")
            try await audit.append("responses.export", objectType: "form", objectID: job.formID, details: details,
                                   by: .user(id: job.requestedBy, login: job.requestedLogin), logger: logger)
            logger.info("export done", metadata: metadata.merging(["rows": "\(written)"]) { $1 })
        } catch is LeaseLost {
            logger.notice("export taken over by another server", metadata: metadata)
        } catch where Task.isCancelled {
            // Stopping: give the job back so that another server takes it now rather than when
            // the lease runs out. From a task of its own, since this one is cancelled.
            await Task { try? await jobs.release(claim, logger: logger) }.value
            logger.notice("export given back: the server is stopping", metadata: metadata)
        } catch StoreError.unavailable(let reason) {
            // The database is away: the lease runs out and a server takes the job again later.
            logger.warning("export interrupted: database unavailable", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        } catch {
            let reason = Self.reason(error)
            try? await jobs.fail(claim, reason: reason, keep: keep, logger: logger)
            logger.error("export failed", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        }
    }

    /// Reads the rows and stores the file chunk by chunk.
    /// - Returns: the rows written.
    private func write(_ claim: ExportJobStore.Claim) async throws -> Int {
        let job = claim.job
        let reading = await service.reading(logger: logger)
        let specification = try ExportSpecification(parameters: ExportSpecification.parameters(of: job), accept: nil,
                                                    service: reading)
        let writer = specification.writer(ui: reading.registry.catalog.ui)
        let rows = try await reading.analytics.exportRows(formID: specification.formID, version: specification.version,
                                                          from: specification.days.first, to: specification.days.last,
                                                          unitCode: job.unitCode, logger: logger)
        var buffer = ByteBuffer(string: writer.prologue)
        var written = 0
        var sequence = 0
        func store() async throws {
            guard try await jobs.append(claim, chunk: sequence, content: buffer, rowsWritten: written, lease: lease,
                                        logger: logger)
            else { throw LeaseLost() }
            sequence += 1
            buffer.clear()
        }
        try await writer.format(rows) { lines, count in
            buffer.writeBytes(lines)
            written += count
            if buffer.readableBytes >= Self.chunkSize { try await store() }
        }
        if buffer.readableBytes > 0 || sequence == 0 { try await store() }
        return written
    }

    /// Why a job failed, in words that hold no personal data (never a row's content).
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as QueryParameterErrors:
            return "the export cannot be made: " + (error.problem.detail ?? "its parameters are no longer valid")
        case let error as AnalyticsQueryError:
            return "the export cannot be made: \(error.description)"
        case StoreError.conflict:
            return "the database cancelled the export's query; ask for it again"
        default:
            return "the export failed (\(String(describing: type(of: error))))"
        }
    }
}
