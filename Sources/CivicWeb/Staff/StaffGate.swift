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
    /// Today decides the units in effect; now, whether a session or a token has expired.
    let clock: ServiceClock
    /// The PAR plans, for `.plan` routes.
    var plans = PlanCatalog(plans: [])

    /// Feedback items' units, for `.feedbackItem` routes (same database as the units).
    var feedback: FeedbackStore { FeedbackStore(database: units.database) }
    /// Background exports' units, for `.exportJob` routes (same database as the units).
    var exports: ExportJobStore { ExportJobStore(database: units.database) }

    enum Decision: Sendable {
        case allowed(StaffAccess)
        /// No valid credentials: 401.
        case unauthenticated
        /// Valid credentials, but no grant allows this here: 403.
        case forbidden
        /// The unit named in the request does not exist: 404.
        case unknownUnit(String)
        /// The feedback item named in the request does not exist: 404.
        case unknownItem(String)
        /// No batch of paper forms has the id named in the request: 404.
        case unknownPaperBatch(String)
        /// No one-stop desk has the id named in the request: 404.
        case unknownDesk(String)
        /// No plan has the id named in the request (or its unit is not in the register): 404.
        case unknownPlan(String)
        /// The background export named in the request does not exist (or has expired): 404.
        case unknownExport(String)
        /// The query does not say which unit, and the caller has several to choose from, or names a
        /// unit that does not exist: 422 naming the parameter.
        case invalidQuery(QueryParameterErrors)
        /// Signed in with a one-time password that has not been replaced yet: only the account
        /// page may be used (a page redirects there; the API answers 403).
        case passwordChangeRequired
    }

    func decide(_ route: StaffRoute, request: Request, context: AppRequestContext) async throws -> Decision {
        let logger = context.logger
        guard let identity = try await identify(request, audience: route.audience, logger: logger) else {
            return .unauthenticated
        }
        if identity.user.passwordMustChange, !StaffRoutes.openBeforePasswordChange.contains(route) {
            return .passwordChangeRequired
        }
        switch route.requirement {
        case .signedIn:
            return .allowed(StaffAccess(identity: identity, unit: nil))
        case .permission(let permission):
            let roles = identity.roles(carrying: permission)
            guard !roles.isEmpty, identity.credentialAllows(permission) else { return .forbidden }
            let today = clock.today()
            let scopedRoles = roles.filter(\.isScoped)
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
                let inScope = try await units.isInScope(unitID: unit.id, userID: identity.user.id,
                                                        roles: scopedRoles, today: today, logger: logger)
                return inScope ? .allowed(StaffAccess(identity: identity, unit: unit)) : .forbidden
            case .feedbackItem(let parameter):
                let text = context.parameters.get(parameter) ?? ""
                guard let id = UUID(uuidString: text),
                      let itemUnits = try await feedback.unitIDs(ofItem: id, logger: logger) else {
                    return .unknownItem(text)
                }
                var access = try await reach(of: identity, roles: scopedRoles, today: today, logger: logger)
                let inScope = itemUnits.isEmpty ? access.includesUnitless : itemUnits.contains(where: access.reaches(unitID:))
                guard inScope else { return .forbidden }
                access.itemID = id
                return .allowed(access)
            case .paperBatch(let parameter):
                let text = context.parameters.get(parameter) ?? ""
                guard let id = Int64(text),
                      let batch = try await PaperBatchStore(database: units.database).batch(id: id, logger: logger) else {
                    return .unknownPaperBatch(text)
                }
                var access = try await reach(of: identity, roles: scopedRoles, today: today, logger: logger)
                guard access.reaches(unitID: batch.unitID) else { return .forbidden }
                access.paperBatchID = id
                return .allowed(access)
            case .desk(let parameter), .deskOfOwnUnit(let parameter):
                let text = context.parameters.get(parameter) ?? ""
                guard let id = Int64(text), let desk = try await DeskStore(database: units.database).desk(id: id, logger: logger)
                else { return .unknownDesk(text) }
                var access: StaffAccess
                if case .deskOfOwnUnit = route.unit {
                    // The grant must name the desk's unit itself: no subtree, no admin exception.
                    guard identity.grants.contains(where: { roles.contains($0.role) && $0.unitID == desk.unitID }) else {
                        return .forbidden
                    }
                    access = StaffAccess(identity: identity, unit: nil)
                } else {
                    access = try await reach(of: identity, roles: scopedRoles, today: today, logger: logger)
                    guard access.reaches(unitID: desk.unitID) else { return .forbidden }
                }
                access.deskID = id
                return .allowed(access)
            case .plan(let parameter):
                return try await decide(plan: context.parameters.get(parameter) ?? "", identity: identity,
                                        roles: scopedRoles, today: today, logger: logger)
            case .exportJob(let parameter):
                let text = context.parameters.get(parameter) ?? ""
                guard let id = UUID(uuidString: text),
                      let code = try await exports.unitCode(ofJob: id, logger: logger),
                      let unit = try await units.unit(code: code, logger: logger) else {
                    return .unknownExport(text)
                }
                if !identity.isAdmin {
                    let inScope = try await units.isInScope(unitID: unit.id, userID: identity.user.id,
                                                            roles: scopedRoles, today: today, logger: logger)
                    guard inScope else { return .forbidden }
                }
                var access = StaffAccess(identity: identity, unit: unit)
                access.exportJobID = id
                return .allowed(access)
            case .unitQuery(let parameter):
                return try await decide(unitQuery: parameter, request: request, identity: identity, roles: scopedRoles,
                                        today: today, logger: logger)
            case .grantSubtree(let parameter):
                let access = try await reach(of: identity, roles: scopedRoles, today: today, logger: logger)
                guard let code = request.uri.queryParameters.get(parameter), !code.isEmpty else {
                    return .allowed(access)
                }
                guard let unit = try await units.unit(code: code, logger: logger) else { return .unknownUnit(code) }
                guard access.reaches(unitID: unit.id) else { return .forbidden }
                // Narrowed to the unit's subtree, which lies within the grants' reach (a reach is
                // closed under the edges it follows), without the unitless items.
                let subtree = try await units.reach(fromUnit: unit.id, today: today, logger: logger)
                return .allowed(StaffAccess(identity: identity, unit: unit, scopeUnitIDs: subtree.unitIDs.sorted(),
                                            includesUnitless: false))
            }
        }
    }

    /// `.plan`: the plan's unit, or a unit responsible for one of its targets, in the reach of a
    /// grant for `roles` (anything, for an admin).
    private func decide(plan id: String, identity: StaffIdentity, roles: [StaffRole], today: CalendarDate,
                        logger: Logger) async throws -> Decision {
        guard let plan = plans.plans[id], let unit = try await units.unit(code: plan.unitCode, logger: logger) else {
            return .unknownPlan(id)
        }
        let reach = try await self.reach(of: identity, roles: roles, today: today, logger: logger)
        let access = StaffAccess(identity: identity, unit: unit, scopeUnitIDs: reach.scopeUnitIDs, includesUnitless: false)
        return try await PlanService.reaches(plan, access: access, units: units, logger: logger) ? .allowed(access) : .forbidden
    }

    /// `.unitQuery`: the unit the query names, in scope of a grant for `roles` (or any, for an
    /// admin); else the caller's own unit, when there is exactly one to choose; else, for an
    /// admin, the whole service (no unit).
    private func decide(unitQuery parameter: String, request: Request, identity: StaffIdentity, roles: [StaffRole],
                        today: CalendarDate, logger: Logger) async throws -> Decision {
        if let code = request.uri.queryParameters.get(parameter).map(VietnameseText.nfc), !code.isEmpty {
            guard let unit = try await units.unit(code: code, logger: logger) else {
                return .invalidQuery(.single(parameter, "no unit has the code '\(code)'"))
            }
            if identity.isAdmin { return .allowed(StaffAccess(identity: identity, unit: unit)) }
            let inScope = try await units.isInScope(unitID: unit.id, userID: identity.user.id, roles: roles, today: today,
                                                    logger: logger)
            return inScope ? .allowed(StaffAccess(identity: identity, unit: unit)) : .forbidden
        }
        let choices = identity.isAdmin
            ? try await units.units(on: today, logger: logger).filter { $0.parentCode == nil }.map(\.code)
            : Set(identity.grants.filter { roles.contains($0.role) }.compactMap(\.unitCode)).sorted()
        if choices.count == 1, let unit = try await units.unit(code: choices[0], logger: logger) {
            return .allowed(StaffAccess(identity: identity, unit: unit))
        }
        // An admin reads the whole service when no single root unit stands for it: before any
        // register is imported, or with several roots (issue 11).
        if identity.isAdmin { return .allowed(StaffAccess(identity: identity, unit: nil)) }
        return .invalidQuery(.unitRequired(parameter, choices: choices))
    }

    /// What the caller's grants reach today: everything for an admin; otherwise the units of the
    /// grants for `roles` with their subtrees, and the items without a unit for a root grant.
    private func reach(of identity: StaffIdentity, roles: [StaffRole], today: CalendarDate,
                       logger: Logger) async throws -> StaffAccess {
        if identity.isAdmin {
            return StaffAccess(identity: identity, unit: nil, scopeUnitIDs: nil, includesUnitless: true)
        }
        let reach = try await units.reach(userID: identity.user.id, roles: roles, today: today, logger: logger)
        return StaffAccess(identity: identity, unit: nil, scopeUnitIDs: reach.unitIDs.sorted(),
                           includesUnitless: reach.startsAtRoot)
    }

    /// The enabled account behind the request's credentials, with its grants; nil when there are
    /// none or they are not valid (forged, expired, revoked, signed out, disabled).
    func identify(_ request: Request, audience: StaffRoute.Audience, logger: Logger) async throws -> StaffIdentity? {
        let now = clock.now()
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
            credential = .token(id: holder.tokenID, scope: holder.scope)
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
