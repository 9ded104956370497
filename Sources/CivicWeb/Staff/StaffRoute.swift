import CivicCore
import HTTPTypes

/// One staff route and what it takes to use it. Every staff and admin route is one of these,
/// listed in ``StaffRoutes/all`` and registered through ``StaffRouter``, which checks the
/// requirement before the handler runs: a handler cannot be reached without it.
struct StaffRoute: Sendable, Hashable, CustomStringConvertible {
    enum Requirement: Sendable, Hashable {
        /// Any enabled account, with or without grants.
        case signedIn
        /// A grant whose role carries the permission (and, when scoped, reaches the unit concerned).
        case permission(StaffPermission)
    }

    /// How to find the unit a request concerns, for the scope check.
    enum UnitLocator: Sendable, Hashable {
        /// The route concerns no unit: only unscoped requirements (signed in, administer) may say so.
        case none
        /// The path parameter holds a unit code.
        case unitCode(pathParameter: String)
        /// The path parameter holds a feedback item's id: allowed when any of the item's units (its
        /// own, the one it is assigned to) is in scope; an item with no unit only for holders of a
        /// grant on a root unit. The handler gets the item's id in ``StaffAccess/itemID``.
        case feedbackItem(pathParameter: String)
        /// The path parameter holds a background export's id: allowed when the unit the export is
        /// of is in scope, as for ``unitCode(pathParameter:)``. The handler gets the job's id in
        /// ``StaffAccess/exportJobID`` and its unit in ``StaffAccess/unit``.
        case exportJob(pathParameter: String)
        /// A list over the caller's grants: any role carrying the permission passes, and the handler
        /// gets the units the grants reach in ``StaffAccess/scopeUnitIDs`` (nil for admins), which
        /// it must apply. The query parameter, when given, names a unit that narrows the list to its
        /// subtree; it must be in scope.
        case grantSubtree(narrowedBy: String)
        /// The query parameter names the one unit the request concerns (metrics, reports, exports
        /// of that unit's subtree); it must be in scope. Absent, the gate chooses the caller's own
        /// unit: the unit of their only grant for the permission, or for admins the only root unit
        /// in effect; with several to choose from, it answers 422 listing them. The handler gets the
        /// unit in ``StaffAccess/unit``; nil only for an admin where no single root unit is in
        /// effect (no register yet, or several roots): the whole service.
        case unitQuery(parameter: String)
        /// The path parameter holds a PAR plan's id (`2022-LC.SVHTT`, ``PlanCatalog``): allowed when
        /// the plan's unit, or a unit responsible for one of its targets, is in scope. The handler
        /// gets the plan's unit in ``StaffAccess/unit`` and the caller's reach in
        /// ``StaffAccess/scopeUnitIDs`` (nil for admins), which decides whose values they may enter.
        case plan(pathParameter: String)
        /// The path parameter holds a batch of paper forms' id: allowed when the batch's unit is in
        /// scope. The handler gets the batch's id in ``StaffAccess/paperBatchID``.
        case paperBatch(pathParameter: String)
        /// The path parameter holds a one-stop desk's id: allowed when the desk's unit is in scope.
        /// The handler gets the desk's id in ``StaffAccess/deskID``.
        case desk(pathParameter: String)
        /// As ``desk(pathParameter:)``, but only for a grant (for the permission's roles) naming
        /// the desk's own unit: a grant on a unit above it is not enough, nor is being an admin.
        /// For what is about one person at that desk: an officer's figures.
        case deskOfOwnUnit(pathParameter: String)
    }

    /// Pages authenticate with the session cookie and answer in HTML; the API takes a bearer token
    /// and answers problem+json.
    enum Audience: Sendable, Hashable {
        case page, api
    }

    let method: HTTPRequest.Method
    /// Hummingbird syntax: `/api/v1/units/:code/subtree`.
    let path: String
    let requirement: Requirement
    let unit: UnitLocator

    init(_ method: HTTPRequest.Method, _ path: String, _ requirement: Requirement, unit: UnitLocator = .none) {
        self.method = method
        self.path = path
        self.requirement = requirement
        self.unit = unit
    }

    var audience: Audience { RouteAudience(path: path) == .programs ? .api : .page }

    var description: String { "\(method.rawValue) \(path)" }

    /// Why the route is malformed, or nil: a scoped permission must say which unit it concerns,
    /// or the check could not be made; a route open to anyone signed in concerns no unit, or the
    /// locator would suggest a check that is not made (the route table's rules, checked at
    /// start-up and in tests).
    var problem: String? {
        if case .permission(let permission) = requirement, permission != .administer, unit == .none {
            return "\(self) requires \(permission.rawValue), which is scoped to units, but locates no unit"
        }
        if requirement == .signedIn, unit != .none {
            return "\(self) is open to anyone signed in, so it cannot be scoped to units"
        }
        switch unit {
        case .unitCode(let name), .feedbackItem(let name), .plan(let name), .paperBatch(let name), .desk(let name),
             .deskOfOwnUnit(let name), .exportJob(let name):
            if !path.split(separator: "/").contains(Substring(":\(name)")) {
                return "\(self) reads the \(unit.noun) from :\(name), which is not in its path"
            }
        case .none, .grantSubtree, .unitQuery:
            break
        }
        return nil
    }
}

extension StaffRoute.UnitLocator {
    /// What the path parameter names, for messages.
    var noun: String {
        switch self {
        case .feedbackItem: "feedback item"
        case .plan: "plan"
        case .paperBatch: "paper batch"
        case .desk, .deskOfOwnUnit: "desk"
        case .exportJob: "export"
        default: "unit"
        }
    }
}
