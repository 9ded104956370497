import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Authentication and authorisation of staff requests, in one place: who is asking (session
/// cookie for pages, bearer token for the API), and whether their grants allow the route for the
/// unit concerned.
struct StaffGate: Sendable {
    let users: UserStore
    let tokens: TokenStore
    let units: UnitStore
    let sessions: SessionCookie

    enum Decision: Sendable {
        case allowed(StaffAccess)
        /// No valid credentials: 401.
        case unauthenticated
        /// Valid credentials, but no grant allows this here: 403.
        case forbidden
        /// The unit named in the request does not exist: 404.
        case unknownUnit(String)
    }

    func decide(_ route: StaffRoute, request: Request, context: AppRequestContext) async throws -> Decision {
        let logger = context.logger
        guard let identity = try await identify(request, audience: route.audience, logger: logger) else {
            return .unauthenticated
        }
        switch route.requirement {
        case .signedIn:
            return .allowed(StaffAccess(identity: identity, unit: nil))
        case .permission(let permission):
            let roles = identity.roles(carrying: permission)
            guard !roles.isEmpty else { return .forbidden }
            switch route.unit {
            case .none:
                // Only unscoped requirements may locate no unit (StaffRoute.problem), so a role
                // that carries the permission is enough.
                return .allowed(StaffAccess(identity: identity, unit: nil))
            case .unitCode(let parameter):
                guard let code = context.parameters.get(parameter),
                      let unit = try await units.unit(code: code, logger: logger) else {
                    return .unknownUnit(context.parameters.get(parameter) ?? "")
                }
                if identity.isAdmin { return .allowed(StaffAccess(identity: identity, unit: unit)) }
                let today = CalendarDate(ServiceCalendar.today()) ?? unit.effectiveFrom
                let inScope = try await units.isInScope(unitID: unit.id, userID: identity.user.id,
                                                        roles: roles.filter(\.isScoped), today: today, logger: logger)
                return inScope ? .allowed(StaffAccess(identity: identity, unit: unit)) : .forbidden
            }
        }
    }

    /// The enabled account behind the request's credentials, with its grants; nil when there are
    /// none or they are not valid (forged, expired, revoked, signed out, disabled).
    func identify(_ request: Request, audience: StaffRoute.Audience, logger: Logger) async throws -> StaffIdentity? {
        let now = Date()
        let user: UserStore.User
        let credential: StaffIdentity.Credential
        switch audience {
        case .page:
            guard let value = request.cookie(SessionCookie.name),
                  let claims = sessions.claims(from: value, now: now),
                  let found = try await users.user(id: claims.userID, logger: logger),
                  !found.isDisabled, found.sessionEpoch == claims.epoch
            else { return nil }
            user = found
            credential = .session
        case .api:
            guard let token = Self.bearerToken(request), APIToken.looksLikeToken(token),
                  let holder = try await tokens.authenticate(tokenHash: APIToken.hash(token), now: now, logger: logger),
                  let found = try await users.user(id: holder.userID, logger: logger), !found.isDisabled
            else { return nil }
            user = found
            credential = .token(id: holder.tokenID)
        }
        let grants = try await users.grants(userID: user.id, logger: logger)
        return StaffIdentity(user: user, grants: grants, credential: credential)
    }

    /// The token of an `Authorization: Bearer …` header (the scheme is case-insensitive).
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
