import CivicCore
import CivicStore
import Hummingbird
import Logging

/// Registered kiosk devices, as a ``SubmittedAtAuthority``: a kiosk that was offline resends
/// what it took with the time it took it (`submittedAt`) and channel `kiosk`, authenticated by its
/// token as a bearer token. It may do so only for its own desk's unit; a revoked kiosk is refused
/// before this is asked (``ResponsesAPIController``), and again here should it be revoked between.
struct KioskAuthority: SubmittedAtAuthority {
    let devices: KioskDevices

    func decide(_ request: Request, unitID: Int64?, logger: Logger) async throws -> SubmittedAtDecision {
        guard let token = KioskDevices.bearerToken(request) else { return .notRecognised }
        switch try await devices.resolve(token: token, logger: logger) {
        case .unknown:
            return .notRecognised
        case .revoked:
            return .refused("this kiosk token was revoked, or its desk taken out of use")
        case .active(let kiosk, let desk):
            return Self.decision(kiosk: kiosk, desk: desk, unitID: unitID)
        }
    }

    /// A kiosk speaks for its desk's unit only.
    static func decision(kiosk: KioskStore.Kiosk, desk: DeskStore.Desk, unitID: Int64?) -> SubmittedAtDecision {
        unitID == desk.unitID ? .allowed(actor: .kiosk(id: kiosk.id))
            : .refused("a kiosk sends responses for its own desk's unit only (\(desk.unitCode))")
    }
}
