import CivicCore
import Foundation
import Logging
import PostgresNIO

extension FeedbackStore {
    /// An item as Open311 GeoReport v2 shows it: public fields only (no content, no contact details).
    ///
    /// The listing shows published items under their public id and staff-written public title;
    /// only the citizen who holds an item's tracking code sees it under that code, with their own
    /// title, whatever its state.
    public struct Open311Request: Sendable, Hashable {
        /// The public id (listing) or the tracking code (the holder's look-up).
        public let serviceRequestID: String
        public let state: FeedbackState
        public let resolution: FeedbackResolution?
        public let category: String
        /// The public title (listing) or the citizen's title (the holder's look-up); nil for an
        /// item published before public titles existed (the category's name stands in).
        public let description: String?
        public let agencyResponsible: String?
        public let publicReply: String?
        public let requestedAt: Date
        public let updatedAt: Date
        public let dueOn: String?
    }

    /// Filters of `GET /open311/v2/requests.json`; all optional. The listing holds published items only.
    public struct Open311Filter: Sendable {
        /// Public ids (never tracking codes: a list of codes would let one request test a thousand guesses).
        public var publicIDs: [UUID]?
        public var category: String?
        public var from: Date?
        public var to: Date?
        /// `open` or `closed`.
        public var status: String?
        public var limit = 1000

        public init() {}
    }

    /// Published requests for Open311 clients, newest first, under their public ids and titles.
    public func open311Requests(_ filter: Open311Filter, logger: Logger) async throws -> [Open311Request] {
        let openStates = FeedbackState.allCases.filter(\.isOpen).map(\.rawValue)
        return try await database.query("""
            SELECT i.public_id::text, i.state, i.resolution, i.category, i.public_title,
                   COALESCE(au.names->>'vi', u.names->>'vi'), i.public_reply, i.received_at, i.updated_at, i.due_on::text
            FROM feedback_items i
            LEFT JOIN units u ON u.id = i.unit_id
            LEFT JOIN units au ON au.id = i.assigned_unit_id
            WHERE i.state = 'published'
              AND (\(filter.publicIDs)::uuid[] IS NULL OR i.public_id = ANY(\(filter.publicIDs)::uuid[]))
              AND (\(filter.category)::text IS NULL OR i.category = \(filter.category))
              AND (\(filter.from)::timestamptz IS NULL OR i.received_at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR i.received_at <= \(filter.to))
              AND (\(filter.status)::text IS NULL
                   OR (\(filter.status) = 'open') = (i.state = ANY(\(openStates)::text[])))
            ORDER BY i.received_at DESC, i.id
            LIMIT \(filter.limit)
            """, logger: logger, decode: Self.decodeOpen311)
    }

    /// The item behind a tracking code, for the citizen who holds it, in whatever state; nil when
    /// there is none.
    public func open311Request(trackingCode: String, logger: Logger) async throws -> Open311Request? {
        try await database.query("""
            SELECT i.tracking_code, i.state, i.resolution, i.category, i.title,
                   COALESCE(au.names->>'vi', u.names->>'vi'), i.public_reply, i.received_at, i.updated_at, i.due_on::text
            FROM feedback_items i
            LEFT JOIN units u ON u.id = i.unit_id
            LEFT JOIN units au ON au.id = i.assigned_unit_id
            WHERE i.tracking_code = \(trackingCode)
            """, logger: logger, decode: Self.decodeOpen311).first
    }

    @Sendable static func decodeOpen311(_ row: PostgresRow) throws -> Open311Request {
        let (id, state, resolution, category, title, agency, reply, requested, updated, due) =
            try row.decode((String, String, String?, String, String?, String?, String?, Date, Date, String?).self)
        let current = FeedbackState(rawValue: state) ?? .received
        return Open311Request(
            serviceRequestID: id, state: current, resolution: resolution.flatMap(FeedbackResolution.init(rawValue:)),
            category: category, description: title, agencyResponsible: agency,
            publicReply: current == .published ? reply : nil, requestedAt: requested, updatedAt: updated, dueOn: due)
    }
}
