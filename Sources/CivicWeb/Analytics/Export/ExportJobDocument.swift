import CivicCore
import CivicStore
import Foundation

/// `GET /api/v1/exports/{id}` (and the answer to `POST /api/v1/exports`): a background export and
/// how far it has got: `{id, state, form, version, unit, from, to, format, language, rowsExpected,
/// rowsWritten, progress, attempt, failure, createdAt, finishedAt, expiresAt, file}`; `file` is the
/// download's path once `state` is `done`, else null.
struct ExportJobDocument: Encodable, Sendable {
    let job: ExportJob

    private enum CodingKeys: String, CodingKey {
        case id, state, form, version, unit, from, to, format, language, rowsExpected, rowsWritten, progress, attempt,
             failure, createdAt, finishedAt, expiresAt, file
    }

    static func path(of job: ExportJob) -> String { "/api/v1/exports/\(job.id.uuidString.lowercased())" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(job.id.uuidString.lowercased(), forKey: .id)
        try container.encode(job.state.rawValue, forKey: .state)
        try container.encode(job.formID, forKey: .form)
        try container.encode(job.formVersion, forKey: .version)
        try container.encode(job.unitCode, forKey: .unit)
        try container.encode(job.firstDay.description, forKey: .from)
        try container.encode(job.lastDay.description, forKey: .to)
        try container.encode(job.format, forKey: .format)
        try container.encode(job.language, forKey: .language)
        try container.encode(job.rowsExpected, forKey: .rowsExpected)
        try container.encode(job.rowsWritten, forKey: .rowsWritten)
        try container.encode(job.progress, forKey: .progress)
        try container.encode(job.attempt, forKey: .attempt)
        try container.encode(job.failure, forKey: .failure)
        try container.encode(DatedDocument<Int>.timestamp(job.createdAt), forKey: .createdAt)
        try container.encode(job.finishedAt.map(DatedDocument<Int>.timestamp), forKey: .finishedAt)
        try container.encode(job.expiresAt.map(DatedDocument<Int>.timestamp), forKey: .expiresAt)
        try container.encode(job.state == .done ? Self.path(of: job) + "/file" : nil, forKey: .file)
    }
}
