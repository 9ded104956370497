import CivicCore
import CivicStore
import Hummingbird
import Logging

/// Which kiosk a token names, for the kiosk's pages and for its resends through the API: in use
/// (with its desk, in use too), revoked (or its desk retired: said so, not taken for a stranger),
/// or unknown.
struct KioskDevices: Sendable {
    let kiosks: KioskStore
    let desks: DeskStore

    enum Resolution: Sendable {
        case active(KioskStore.Kiosk, DeskStore.Desk)
        /// Revoked in the console, or its desk taken out of use: refused until registered again.
        case revoked
        case unknown
    }

    func resolve(token: String, logger: Logger) async throws -> Resolution {
        guard KioskToken.looksLikeToken(token),
              let kiosk = try await kiosks.kiosk(tokenHash: KioskToken.hash(token), logger: logger)
        else { return .unknown }
        guard !kiosk.isRevoked, let desk = try await desks.desk(id: kiosk.deskID, logger: logger), !desk.isRetired
        else { return .revoked }
        // The console's "last seen": a failure to note it must not cost the citizen their rating.
        do {
            try await kiosks.seen(kioskID: kiosk.id, logger: logger)
        } catch {
            logger.warning("kiosk last-seen not noted", metadata: ["kiosk": "\(kiosk.id)", "error": "\(error)"])
        }
        return .active(kiosk, desk)
    }

    /// The kiosk token of an `Authorization: Bearer cvk_…` header; nil for none or another kind.
    static func bearerToken(_ request: Request) -> String? {
        guard let token = StaffGate.bearerToken(request), token.hasPrefix(KioskToken.prefix) else { return nil }
        return token
    }
}
