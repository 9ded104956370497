import CivicCore
import CivicStore
import Logging

/// The units a staff member's grants reach, as the pages offer them in pickers and counts: the
/// same walk the gate makes (``UnitStore/reach(userID:roles:today:logger:)``), limited to the
/// units in effect on the day. The gate still checks every request; this only decides what to show.
struct StaffScope: Sendable {
    let units: UnitStore
    let today: CalendarDate

    /// Every unit in effect today that a grant carrying `permission` reaches (every unit for an admin).
    func unitsInScope(identity: StaffIdentity, permission: StaffPermission, logger: Logger) async throws -> [UnitStore.Unit] {
        let all = try await units.units(on: today, logger: logger)
        if identity.isAdmin { return all }
        let roles = identity.roles(carrying: permission).filter(\.isScoped)
        let reach = try await units.reach(userID: identity.user.id, roles: roles, today: today, logger: logger)
        return all.filter { reach.unitIDs.contains($0.id) }
    }

    /// The units of the grants carrying `permission` (for an admin, the root units), in effect today.
    func ownUnits(identity: StaffIdentity, permission: StaffPermission, logger: Logger) async throws -> [UnitStore.Unit] {
        let all = try await units.units(on: today, logger: logger)
        if identity.isAdmin { return all.filter { $0.parentCode == nil } }
        let roles = Set(identity.roles(carrying: permission))
        let codes = Set(identity.grants.filter { roles.contains($0.role) }.compactMap(\.unitCode))
        return all.filter { codes.contains($0.code) }
    }

    /// The desk's filter for `identity`'s whole scope: every item for an admin, otherwise the items
    /// of the units the handler grants reach (and those naming no unit, for a grant on a root).
    func feedbackFilter(identity: StaffIdentity, roles: [StaffRole], logger: Logger) async throws -> FeedbackStore.ListFilter {
        var filter = FeedbackStore.ListFilter()
        if identity.isAdmin {
            filter.unitIDs = nil
            filter.includeUnitless = true
            return filter
        }
        let reach = try await units.reach(userID: identity.user.id, roles: roles, today: today, logger: logger)
        filter.unitIDs = reach.unitIDs.sorted()
        filter.includeUnitless = reach.startsAtRoot
        return filter
    }
}
