import CivicCore
import Foundation

/// The rating links of the `published` message and how long rating stays open: `RATING_LINK_KEYS`
/// sign them, `RATING_LINK_DAYS` after publication they stop working, and so does rating with
/// the tracking code.
struct RatingLinks: Sendable {
    /// The first signs; every one verifies. Empty: no link can be made or opened.
    let keys: [DataKey]
    let days: Int

    /// The instant rating closes for a result published at `publishedAt`.
    func closes(publishedAt: Date) -> Date {
        publishedAt.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    /// Whether a result published at `publishedAt` may still be rated at `now`.
    func isOpen(publishedAt: Date, now: Date) -> Bool {
        now < closes(publishedAt: publishedAt)
    }

    /// `/pakn/rating/{token}` for round `round` of the item published at `publishedAt`; nil
    /// without keys.
    func path(itemID: UUID, round: Int, publishedAt: Date) -> String? {
        guard let key = keys.first else { return nil }
        return "/pakn/rating/" + RatingToken(itemID: itemID, round: round, expiresAt: closes(publishedAt: publishedAt))
            .signed(with: key)
    }

    func verify(_ token: String, now: Date) -> Result<RatingToken, RatingToken.Refusal> {
        RatingToken.verify(token, keys: keys, now: now)
    }
}
