/// The route table: every staff page and staff or admin API route, with what it requires.
///
/// A route is added here and registered with ``StaffRouter/register(_:handler:)``; the server
/// refuses to start when a route in the table has no handler, when a handler is registered for a
/// route not in the table, or when the router holds any route that is neither here nor in
/// ``PublicRoutes``. The authorisation matrix test walks this list.
enum StaffRoutes {
    // Pages (session cookie).
    static let home = StaffRoute(.get, "/staff", .signedIn)

    // API (bearer token).
    static let me = StaffRoute(.get, "/api/v1/me", .signedIn)
    static let unitSubtree = StaffRoute(.get, "/api/v1/units/:code/subtree", .permission(.viewUnits),
                                        unit: .unitCode(pathParameter: "code"))

    // Admin API.
    static let listUnits = StaffRoute(.get, "/api/v1/admin/units", .permission(.administer))
    static let importUnits = StaffRoute(.post, "/api/v1/admin/units", .permission(.administer))
    static let listUsers = StaffRoute(.get, "/api/v1/admin/users", .permission(.administer))
    static let createUser = StaffRoute(.post, "/api/v1/admin/users", .permission(.administer))
    static let addGrant = StaffRoute(.post, "/api/v1/admin/users/:login/grants", .permission(.administer))
    static let disableUser = StaffRoute(.post, "/api/v1/admin/users/:login/disable", .permission(.administer))
    static let audit = StaffRoute(.get, "/api/v1/admin/audit", .permission(.administer))

    static let all: [StaffRoute] = [
        home, me, unitSubtree, listUnits, importUnits, listUsers, createUser, addGrant, disableUser, audit,
    ]
}
