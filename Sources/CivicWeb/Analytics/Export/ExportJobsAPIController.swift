import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Background exports through the API (``ExportWorker`` runs them), every route behind the gate
/// with the metrics permission and the unit's scope:
///
/// - `POST /api/v1/exports?unit=` (JSON `{form, version?, period | from, to, convention?, format?,
///   lang?}`) → 202 with the job and its `Location`;
/// - `GET /api/v1/exports/{job}` the job and how far it has got;
/// - `GET /api/v1/exports/{job}/file` the file once done (409 before).
///
/// Starting one is audited (`exports.requested`, with the job), its completion too
/// (`responses.export`, by the worker), and every download (`exports.downloaded`).
struct ExportJobsAPIController: Sendable {
    let service: AnalyticsService
    let jobs: ExportJobStore
    let audit: AuditLog

    static let maximumBodySize = 16 * 1024

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.startExport, handler: start)
        staff.register(StaffRoutes.exportJob, handler: status)
        staff.register(StaffRoutes.exportFile, handler: file)
    }

    @Sendable func start(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        // nil: an admin with no single root unit to default to; an export is of one unit's subtree.
        guard let unit = access.unit else {
            throw QueryParameterErrors.single("unit", "is required: the code of the unit to export")
        }
        var parameters: [String: String] = [:]
        var errors = QueryParameterErrors()
        for (name, value) in try await JSONBody.object(request, limit: Self.maximumBodySize) {
            switch value {
            case .string(let text): parameters[VietnameseText.nfc(name)] = VietnameseText.nfc(text)
            case .number(_, let text): parameters[VietnameseText.nfc(name)] = text
            case .null: break
            default: errors.invalid(name, "must be a string or a number, not \(value.typeName)")
            }
        }
        if parameters["unit"] != nil {
            errors.invalid("unit", "the unit is the query parameter: POST /api/v1/exports?unit=…")
        }
        try errors.check()
        let job = try await create(parameters, unit: unit, access: access, logger: context.logger)
        let document = try AnalyticsResponse.json(ExportJobDocument(job: job))
        var headers = document.headers
        headers[.location] = ExportJobDocument.path(of: job)
        return Response(status: .accepted, headers: headers, body: document.body)
    }

    @Sendable func status(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let job = try await job(access, logger: context.logger) else { throw Self.unknown }
        return try AnalyticsResponse.json(ExportJobDocument(job: job))
    }

    @Sendable func file(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let job = try await job(access, logger: context.logger) else { throw Self.unknown }
        guard job.state == .done else {
            throw Problem(status: .conflict, title: "Export not ready",
                          detail: "The export is \(job.state.rawValue); its file exists once it is done.")
        }
        return try await download(job, access: access, logger: context.logger)
    }

    // MARK: - Shared with the pages

    /// Checks what is asked, counts the rows to expect, and queues the job (audited with it).
    /// - Throws: ``QueryParameterErrors`` for what the caller got wrong; nothing is stored then.
    func create(_ parameters: [String: String], unit: UnitStore.Unit, access: StaffAccess,
                logger: Logger) async throws -> ExportJob {
        let reading = await service.reading(logger: logger)
        let specification = try ExportSpecification(parameters: parameters, accept: nil, service: reading)
        // The rows to expect, for the progress (rows stored before the worker starts may add a few).
        let expected = try await reading.analytics.exportRowCount(formID: specification.formID,
                                                                  version: specification.version,
                                                                  from: specification.days.first,
                                                                  to: specification.days.last, unitCode: unit.code,
                                                                  logger: logger)
        let user = access.identity.user
        return try await jobs.create(.init(formID: specification.formID, formVersion: specification.version,
                                           unitCode: unit.code, firstDay: specification.days.first,
                                           lastDay: specification.days.last, format: specification.format.rawValue,
                                           language: specification.language, rowsExpected: expected),
                                     userID: user.id, login: user.login, logger: logger)
    }

    /// The job the gate let through (``StaffAccess/exportJobID``); nil once deleted meanwhile.
    func job(_ access: StaffAccess, logger: Logger) async throws -> ExportJob? {
        guard let id = access.exportJobID else { return nil }
        return try await jobs.job(id: id, logger: logger)
    }

    /// The file of a finished job, streamed from its stored chunks, the download audited first.
    func download(_ job: ExportJob, access: StaffAccess, logger: Logger) async throws -> Response {
        let chunks = try await jobs.file(of: job.id, logger: logger)
        try await audit.append("exports.downloaded", objectType: "export", objectID: job.id.uuidString.lowercased(),
                               details: ["form": .string(job.formID), "unit": .string(job.unitCode),
                                         "rows": .int(job.rowsWritten)],
                               by: access.actor, logger: logger)
        let specification = try ExportSpecification(parameters: ExportSpecification.parameters(of: job), accept: nil,
                                                    service: service)
        return Response(status: .ok,
                        headers: AnalyticsResponse.downloadHeaders(specification.outputFormat,
                                                                   filename: specification.filename(unitCode: job.unitCode)),
                        body: ResponseBody { output in
                            for try await chunk in chunks { try await output.write(chunk) }
                            try await output.finish(nil)
                        })
    }

    static let unknown = Problem(status: .notFound, title: "Unknown export",
                                 detail: "There is no export with this id; a finished one is deleted once it expires.")
}
