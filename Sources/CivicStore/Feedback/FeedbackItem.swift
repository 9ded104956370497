import CivicCore
import Foundation

/// One feedback item as staff see it (never includes contact details: those stay in the vault).
public struct FeedbackItem: Sendable, Hashable, Codable {
    public let id: UUID
    public let trackingCode: String
    public let receivedOn: String
    public let receivedAt: Date
    public let formID: String
    public let category: String
    public let title: String
    public let content: String
    public let procedureName: String?
    public let unitCode: String?
    public let language: String
    public let channel: String
    public let state: FeedbackState
    public let assignedUnitCode: String?
    public let assignedLogin: String?
    public let acceptedOn: String?
    public let dueOn: String?
    public let handledOn: String?
    public let resolution: String?
    public let publicReply: String?
    public let competentBody: String?
    public let outOfScopeReason: String?
    public let redirectTo: String?
    public let publishedAt: Date?
    /// The title public listings show, set when the item is published; nil before.
    public let publicTitle: String?
    /// The id public listings show instead of the tracking code.
    public let publicID: UUID
    /// Open and past its due date, as of the day the item was read.
    public let overdue: Bool
}

/// What anyone holding the tracking code may see: no content, no contact details.
public struct FeedbackPublicStatus: Sendable, Hashable, Codable {
    public let trackingCode: String
    public let title: String
    public let category: String
    public let state: FeedbackState
    public let receivedOn: String
    public let dueOn: String?
    public let handledOn: String?
    /// Shown once the result is published (or at once for an item out of scope).
    public let publicReply: String?
    public let competentBody: String?
    public let outOfScopeReason: String?
    public let redirectTo: String?
    public let publishedAt: Date?
    /// Whether the citizen has rated the current round of handling (they may, once per
    /// publication, while it is published).
    public let rated: Bool
    /// The round a rating now would be for: 1, then one more after each reopening.
    public let ratingRound: Int
    /// When staff closed the citizen's last request to reconsider the result: their reason.
    public let closingReason: String?
    /// The id public listings show: never the tracking code, which is the holder's secret.
    public let publicID: UUID
    /// The staff-written title public listings show; nil until published (and for items published
    /// before public titles existed: listings show the category's name).
    public let publicTitle: String?
}

/// One change in an item's history.
public struct FeedbackEvent: Sendable, Hashable, Codable {
    public let at: Date
    public let actor: String
    public let action: String
    public let fromState: String?
    public let toState: String
    public let note: String?
    /// The reason of a close_reopen_request (told to the citizen), beside the internal note.
    public let closingReason: String?
}
