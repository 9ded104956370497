import CivicCore
import CivicStore

/// The signed-in staff member of a request, with their grants, as the gate found them.
struct StaffIdentity: Sendable {
    enum Credential: Sendable, Hashable {
        case session
        case token(id: Int64)
    }

    let user: UserStore.User
    let grants: [UserStore.Grant]
    let credential: Credential

    var isAdmin: Bool { grants.contains { $0.role == .admin } }

    /// The roles of this user's grants that carry `permission`.
    func roles(carrying permission: StaffPermission) -> [StaffRole] {
        Array(Set(grants.map(\.role).filter { $0.permissions.contains(permission) })).sorted { $0.rawValue < $1.rawValue }
    }
}

/// What a staff handler receives: who asked, and the unit the request concerns (already checked
/// to be within their scope).
struct StaffAccess: Sendable {
    let identity: StaffIdentity
    let unit: UnitStore.Unit?

    var actor: AuditLog.Actor { .user(id: identity.user.id, login: identity.user.login) }
}
