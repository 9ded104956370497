import CivicCore
import CivicStore
import Foundation
import Hummingbird
import Synchronization

/// `GET /api/v1/responses/export?form=&version=&from=&to=&unit=&format=csv|ndjson&lang=`: the raw
/// responses of one form in a unit's subtree and a span of days, streamed from a PostgreSQL cursor
/// to the client as they are read (``ResponseExportWriter``), so that server memory stays constant
/// however many rows there are.
///
/// The answers are anonymous but hold free text: every export is recorded in the audit log before
/// its first row leaves (`responses.export`, with its filters; an export that cannot be recorded
/// does not start), and again when it ends (`responses.export_finished`, the rows written and
/// whether it completed).
///
/// A streaming export holds one pool connection for as long as the client takes to read it: at
/// most ``ProtectionPolicy/concurrentExports`` run at once (503 with Retry-After beyond), and each
/// is cut off after ``ProtectionPolicy/exportDeadline`` (checked between chunks), so slow readers
/// cannot take the pool from everyone else.
struct ResponseExportController: Sendable {
    let service: AnalyticsService
    let audit: AuditLog
    let running: CapacityLimit
    let deadline: Duration

    init(service: AnalyticsService, audit: AuditLog, policy: ProtectionPolicy) {
        self.service = service
        self.audit = audit
        self.running = CapacityLimit(capacity: policy.concurrentExports)
        self.deadline = policy.exportDeadline
    }

    /// The export ran past its deadline.
    struct TooLong: Error {}

    /// Gives back an export's place once, when its body has finished or is dropped unwritten.
    final class Place: Sendable {
        private let limit: CapacityLimit
        private let released = Mutex(false)

        init(_ limit: CapacityLimit) { self.limit = limit }

        func release() {
            if released.withLock({ done in defer { done = true }; return !done }) { limit.release() }
        }

        deinit { release() }
    }

    /// Bytes gathered before a write to the client: large enough to keep the writes few, small
    /// enough that memory does not grow with the export.
    static let chunkSize = 64 * 1024

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.exportResponses, handler: export)
    }

    @Sendable func export(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        // nil: the whole service (an admin with no single root unit to default to).
        let unit = access.unit
        let specification = try ExportSpecification(parameters: MetricsQuery.parameters(of: request),
                                                    accept: request.headers[.accept], service: service)
        let formID = specification.formID, version = specification.version
        let writer = specification.writer(ui: service.registry.catalog.ui)
        let days = specification.days
        guard running.tryAcquire() else {
            CivicMetrics.blocked("export_busy").increment()
            throw Problem(status: .serviceUnavailable, title: "Too many exports",
                          detail: "Other exports are running; retry after the time given in Retry-After.",
                          headers: [.retryAfter: "30"])
        }
        let place = Place(running)
        let details = specification.auditDetails(unitCode: unit?.code)
        let audit = self.audit, actor = access.actor, logger = context.logger, deadline = self.deadline
        // The query starts here, before the status line goes out: a failure to start is still a
        // problem+json answer, not a truncated 200. It reads the replica when there is one; the
        // audit entry is written on the primary.
        let service = await self.service.reading(logger: context.logger)
        let rows = try await service.analytics.exportRows(formID: formID, version: version, from: days.first, to: days.last,
                                                          unitCode: unit?.code, logger: context.logger)
        // Recorded before any row leaves: an export that cannot be audited does not happen.
        try await audit.append("responses.export", objectType: "form", objectID: formID, details: details, by: actor,
                               logger: logger)
        let started = ContinuousClock.now
        let body = ResponseBody { output in
            defer { place.release() }
            var buffer = ByteBuffer(string: writer.prologue)
            var written = 0
            do {
                try await writer.format(rows) { lines, count in
                    buffer.writeBytes(lines)
                    written += count
                    if buffer.readableBytes >= Self.chunkSize {
                        // Checked between chunks: past the deadline the query ends (its rows are
                        // dropped) and the connection goes back to the pool.
                        guard ContinuousClock.now - started < deadline else { throw TooLong() }
                        try await output.write(buffer)
                        buffer.clear()
                    }
                }
                try await output.write(buffer)
                try await output.finish(nil)
            } catch {
                try? await audit.append("responses.export_finished", objectType: "form", objectID: formID,
                                        details: details.merging(["rows": .int(written), "completed": .string("false")]) { $1 },
                                        by: actor, logger: logger)
                if error is TooLong { logger.warning("export cut off at its deadline", metadata: ["rows": "\(written)"]) }
                throw error
            }
            try await audit.append("responses.export_finished", objectType: "form", objectID: formID,
                                   details: details.merging(["rows": .int(written), "completed": .string("true")]) { $1 },
                                   by: actor, logger: logger)
            logger.info("responses exported", metadata: ["form": "\(formID)", "rows": "\(written)"])
        }
        var headers = AnalyticsResponse.downloadHeaders(specification.outputFormat,
                                                        filename: specification.filename(unitCode: unit?.code))
        headers.append(contentsOf: AnalyticsResponse.sourceHeaders(service.source))
        return Response(status: .ok, headers: headers, body: body)
    }
}
