import CivicCore
import CivicStore
import Foundation

/// The signed-in staff member of a request, with their grants, as the gate found them.
struct StaffIdentity: Sendable {
    enum Credential: Sendable, Hashable {
        case session
        case token(id: Int64, scope: TokenStore.Scope)
    }

    let user: UserStore.User
    let grants: [UserStore.Grant]
    let credential: Credential

    var isAdmin: Bool { grants.contains { $0.role == .admin } }

    /// Whether the credential lets the request use `permission` at all: a read-metrics token only
    /// reads metrics, whatever its user's grants.
    func credentialAllows(_ permission: StaffPermission) -> Bool {
        if case .token(_, .readMetrics) = credential { return permission == .readMetrics }
        return true
    }

    /// The roles of this user's grants that carry `permission`.
    func roles(carrying permission: StaffPermission) -> [StaffRole] {
        Array(Set(grants.map(\.role).filter { $0.permissions.contains(permission) })).sorted { $0.rawValue < $1.rawValue }
    }
}

/// What a staff handler receives: who asked, and the unit or item the request concerns (already
/// checked to be within their scope).
struct StaffAccess: Sendable {
    let identity: StaffIdentity
    let unit: UnitStore.Unit?
    /// The units the caller's grants reach (narrowed to a unit's subtree when a list names one):
    /// nil means every unit (an admin). Set by the gate on `.grantSubtree` and `.feedbackItem`
    /// routes; empty, so nothing, on any other route.
    var scopeUnitIDs: [Int64]? = []
    /// With ``scopeUnitIDs``: whether items that name no unit are visible too (admins, and holders
    /// of a grant on a root unit, when the list is not narrowed to a unit).
    var includesUnitless = false
    /// On `.feedbackItem` routes, the item, which exists and is within scope.
    var itemID: UUID?
    /// On `.paperBatch` routes, the batch, which exists and whose unit is within scope.
    var paperBatchID: Int64?
    /// On `.desk` and `.deskOfOwnUnit` routes, the desk, which exists and whose unit is within scope.
    var deskID: Int64?
    /// On `.exportJob` routes, the background export, which exists and whose unit is within scope.
    var exportJobID: UUID?

    var actor: AuditLog.Actor { .user(id: identity.user.id, login: identity.user.login) }

    /// `action` as the CSRF token of a staff form names it: bound to this session.
    func csrfAction(_ action: String) -> String {
        CSRFProtection.staffAction(action, userID: identity.user.id, epoch: identity.user.sessionEpoch)
    }

    /// Whether unit `unitID` is within ``scopeUnitIDs``.
    func reaches(unitID: Int64) -> Bool {
        scopeUnitIDs?.contains(unitID) ?? true
    }

    /// The staff list's filter, restricted to what the caller may see; the handler adds the rest.
    var feedbackListFilter: FeedbackStore.ListFilter {
        var filter = FeedbackStore.ListFilter()
        filter.unitIDs = scopeUnitIDs
        filter.includeUnitless = includesUnitless
        return filter
    }
}
