import CivicCore
import Foundation
import Logging
import PostgresNIO

extension FeedbackStore {
    /// An item as Open311 GeoReport v2 shows it: public fields only (no content, no contact details).
    public struct Open311Request: Sendable, Hashable {
        public let trackingCode: String
        public let state: FeedbackState
        public let resolution: FeedbackResolution?
        public let category: String
        public let title: String
        public let agencyResponsible: String?
        public let publicReply: String?
        public let requestedAt: Date
        public let updatedAt: Date
        public let dueOn: String?
    }

    /// Filters of `GET /open311/v2/requests.json`; all optional.
    public struct Open311Filter: Sendable {
        public var trackingCodes: [String]?
        public var category: String?
        public var from: Date?
        public var to: Date?
        /// `open` or `closed`.
        public var status: String?
        public var limit = 1000

        public init() {}
    }

    /// Requests for Open311 clients, newest first.
    public func open311Requests(_ filter: Open311Filter, logger: Logger) async throws -> [Open311Request] {
        let openStates = FeedbackState.allCases.filter(\.isOpen).map(\.rawValue)
        return try await database.query("""
            SELECT i.tracking_code, i.state, i.resolution, i.category, i.title,
                   COALESCE(au.names->>'vi', u.names->>'vi'), i.public_reply, i.received_at, i.updated_at, i.due_on::text
            FROM feedback_items i
            LEFT JOIN units u ON u.id = i.unit_id
            LEFT JOIN units au ON au.id = i.assigned_unit_id
            WHERE (\(filter.trackingCodes)::text[] IS NULL OR i.tracking_code = ANY(\(filter.trackingCodes)::text[]))
              AND (\(filter.category)::text IS NULL OR i.category = \(filter.category))
              AND (\(filter.from)::timestamptz IS NULL OR i.received_at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR i.received_at <= \(filter.to))
              AND (\(filter.status)::text IS NULL
                   OR (\(filter.status) = 'open') = (i.state = ANY(\(openStates)::text[])))
            ORDER BY i.received_at DESC, i.id
            LIMIT \(filter.limit)
            """, logger: logger) { row in
            let (code, state, resolution, category, title, agency, reply, requested, updated, due) =
                try row.decode((String, String, String?, String, String, String?, String?, Date, Date, String?).self)
            let current = FeedbackState(rawValue: state) ?? .received
            return Open311Request(
                trackingCode: code, state: current, resolution: resolution.flatMap(FeedbackResolution.init(rawValue:)),
                category: category, title: title, agencyResponsible: agency,
                publicReply: current == .published ? reply : nil, requestedAt: requested, updatedAt: updated, dueOn: due)
        }
    }
}
