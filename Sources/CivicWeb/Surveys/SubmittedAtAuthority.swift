import CivicCore
import CivicStore
import Hummingbird
import Logging

/// One kind of caller that may say when a response was given (`submittedAt` on
/// `POST /api/v1/responses`) instead of the server's clock.
///
/// The responses API asks each authority in turn; the first that recognises the request's
/// credentials decides. Today there is one, ``StaffPaperEntryAuthority`` (a staff bearer token
/// whose account holds ``StaffPermission/enterPaperResponses``); registered kiosk devices (the
/// one-stop desk issue) are a second conformance added to the list in `buildRouter`, with their
/// own credentials and checks. An anonymous caller is recognised by none and its claim is refused.
protocol SubmittedAtAuthority: Sendable {
    /// Whether this authority recognises the caller and lets it claim a time for a response to
    /// unit `unitID` (nil: the response names no unit).
    func decide(_ request: Request, unitID: Int64?, logger: Logger) async throws -> SubmittedAtDecision
}

/// What one ``SubmittedAtAuthority`` says about a request.
enum SubmittedAtDecision: Sendable {
    /// Not this authority's kind of caller (no credentials of its kind): ask the next.
    case notRecognised
    /// The caller may claim the time; its entry is audited as `actor`.
    case allowed(actor: AuditLog.Actor)
    /// A caller this authority knows, who may not: 403 with the reason.
    case refused(String)
}

/// Staff with the paper-entry permission: a clerk (or an admin) types in paper forms, the time
/// being the day written on the paper. Scoped like every staff permission: the response's unit
/// must be within the reach of a clerk grant; a response naming no unit needs a grant on a root
/// unit. Only bearer tokens count: the API does not read session cookies.
struct StaffPaperEntryAuthority: SubmittedAtAuthority {
    let gate: StaffGate
    let clock: ServiceClock

    func decide(_ request: Request, unitID: Int64?, logger: Logger) async throws -> SubmittedAtDecision {
        // No valid staff token (none, malformed, expired, revoked): the caller is anonymous here.
        guard let identity = try await gate.identify(request, audience: .api, logger: logger) else {
            return .notRecognised
        }
        let roles = identity.roles(carrying: .enterPaperResponses)
        guard !roles.isEmpty else {
            return .refused("the account \(identity.user.login) holds no grant with the paper-entry permission (role clerk)")
        }
        let actor = AuditLog.Actor.user(id: identity.user.id, login: identity.user.login)
        if identity.isAdmin { return .allowed(actor: actor) }
        let reach = try await gate.units.reach(userID: identity.user.id, roles: roles.filter(\.isScoped),
                                               today: clock.today(), logger: logger)
        let inScope = unitID.map(reach.unitIDs.contains) ?? reach.startsAtRoot
        return inScope ? .allowed(actor: actor)
            : .refused("the response's unit is outside the reach of \(identity.user.login)'s paper-entry grants")
    }
}
