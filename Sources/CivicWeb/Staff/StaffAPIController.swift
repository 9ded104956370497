import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// `GET /api/v1/me` and `GET /api/v1/units/{code}/subtree?date=`: what any staff member's scripts need.
struct StaffAPIController: Sendable {
    let units: UnitStore
    /// Today in Vietnam, the default `date`.
    let clock: ServiceClock

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.me, handler: me)
        staff.register(StaffRoutes.unitSubtree, handler: subtree)
    }

    struct Me: ResponseEncodable {
        struct Grant: Codable, Sendable {
            let role: String
            let unit: String?
        }

        let login: String
        let displayName: String
        let grants: [Grant]
    }

    @Sendable func me(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Me {
        let identity = access.identity
        return Me(login: identity.user.login, displayName: identity.user.displayName,
                  grants: identity.grants.map { Me.Grant(role: $0.role.rawValue, unit: $0.unitCode) })
    }

    struct Subtree: ResponseEncodable {
        let unit: String
        let date: String
        let units: [UnitView]
    }

    @Sendable func subtree(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Subtree {
        guard let unit = access.unit else { throw Problem(status: .notFound, title: "Unknown unit") }
        let day = try request.uri.queryParameters.get("date").map(UnitView.date) ?? clock.today()
        let members = try await units.subtree(of: unit.code, on: day, logger: context.logger) ?? []
        return Subtree(unit: unit.code, date: day.description, units: members.map(UnitView.init))
    }
}

/// A unit in the API, in the shape `POST /api/v1/admin/units` and `units import` accept, so a
/// listing can be edited and imported back.
struct UnitView: Codable, Sendable {
    let code: String
    let parent: String?
    let kind: String
    let names: [String: String]
    let effectiveFrom: String
    let effectiveTo: String?
    let successor: [String]

    enum CodingKeys: String, CodingKey {
        case code, parent, kind, names, successor
        case effectiveFrom = "effective_from"
        case effectiveTo = "effective_to"
    }

    init(_ unit: UnitStore.Unit) {
        code = unit.code
        parent = unit.parentCode
        kind = unit.kind
        names = unit.names
        effectiveFrom = unit.effectiveFrom.description
        effectiveTo = unit.effectiveTo?.description
        successor = unit.successors
    }

    /// A `date` query parameter.
    /// - Throws: a 400 ``Problem`` when it is not `YYYY-MM-DD`.
    static func date(_ text: String) throws -> CalendarDate {
        guard let day = CalendarDate(text) else {
            throw Problem(status: .badRequest, title: "Invalid date", detail: "date must be a YYYY-MM-DD date.")
        }
        return day
    }
}
