import CivicCore
import CivicStore
import Foundation

/// An analytics document with the instant its figures are as of: `asOf` (ISO 8601, Vietnamese
/// time) and `readFrom` (`replica` or `primary`, see ``ReplicaRouter``) beside the document's own
/// keys, so that a figure read from a replica says how old it may be.
struct DatedDocument<Document: Encodable & Sendable>: Encodable, Sendable {
    let document: Document
    let source: ReplicaRouter.Source

    private enum CodingKeys: String, CodingKey { case asOf, readFrom }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.timestamp(source.asOf), forKey: .asOf)
        try container.encode(source.place.rawValue, forKey: .readFrom)
        try document.encode(to: encoder)
    }

    /// `2026-03-31T16:05:09+07:00`: to the second, in Vietnam's offset, as the reports' `generatedAt`.
    static func timestamp(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CalendarDate.vietnamTimeZone
        return formatter.string(from: instant)
    }
}
