import CivicCore
import CivicStore
import Foundation
import Logging

/// Likely duplicates on the item page, and linking an item to a main item (issue 15).
extension StaffFeedbackService {
    /// What the item page shows of an item's duplicates: the likely ones within the caller's
    /// scope, the main item it is linked to, and the items linked to it.
    struct Duplicates: Sendable {
        let candidates: [FeedbackStore.Duplicate]
        let main: FeedbackStore.LinkedItem?
        let linked: [FeedbackStore.LinkedItem]

        static let none = Duplicates(candidates: [], main: nil, linked: [])
    }

    func duplicates(itemID: UUID, access: StaffAccess, logger: Logger) async throws -> Duplicates {
        let links = try await store.links(of: itemID, logger: logger)
        let candidates = try await store.likelyDuplicates(of: itemID, unitIDs: access.scopeUnitIDs, logger: logger)
        return Duplicates(candidates: candidates, main: links.main, linked: links.duplicates)
    }

    /// Links the item to `mainID` (a main item within the caller's scope), with the signed-in
    /// user as actor.
    func link(itemID: UUID, mainID: UUID, access: StaffAccess, logger: Logger) async throws -> FeedbackStore.LinkOutcome {
        let actor = FeedbackStore.Actor(userID: access.identity.user.id, login: access.identity.user.login)
        let outcome = try await store.link(itemID: itemID, to: mainID, unitIDs: access.scopeUnitIDs, actor: actor,
                                           logger: logger)
        if case .linked = outcome {
            logger.info("feedback linked to a main item", metadata: ["feedback.id": "\(itemID)", "main.id": "\(mainID)"])
        }
        return outcome
    }

    func unlink(itemID: UUID, access: StaffAccess, logger: Logger) async throws -> Bool {
        let actor = FeedbackStore.Actor(userID: access.identity.user.id, login: access.identity.user.login)
        return try await store.unlink(itemID: itemID, actor: actor, logger: logger)
    }
}
