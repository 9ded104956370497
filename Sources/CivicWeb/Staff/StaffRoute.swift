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

    var audience: Audience { path.hasPrefix("/api/") ? .api : .page }

    var description: String { "\(method.rawValue) \(path)" }

    /// Why the route is malformed, or nil: a scoped permission must say which unit it concerns,
    /// or the check could not be made (the route table's rule, checked at start-up and in tests).
    var problem: String? {
        if case .permission(let permission) = requirement, permission != .administer, unit == .none {
            return "\(self) requires \(permission.rawValue), which is scoped to units, but locates no unit"
        }
        if case .unitCode(let name) = unit, !path.contains(":\(name)") {
            return "\(self) reads the unit from :\(name), which is not in its path"
        }
        return nil
    }
}
