import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// The admin API: units, accounts and grants, and the audit log. Admins only (the route table
/// says so); every change is audited with the admin as actor.
struct AdminAPIController: Sendable {
    let units: UnitStore
    let accounts: StaffAccounts
    let audit: AuditLog

    static let maximumImportSize = 1024 * 1024
    static let maximumBodySize = 16 * 1024

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.listUnits, handler: listUnits)
        staff.register(StaffRoutes.importUnits, handler: importUnits)
        staff.register(StaffRoutes.listUsers, handler: listUsers)
        staff.register(StaffRoutes.createUser, handler: createUser)
        staff.register(StaffRoutes.addGrant, handler: addGrant)
        staff.register(StaffRoutes.disableUser, handler: disableUser)
        staff.register(StaffRoutes.audit, handler: auditEntries)
    }

    // MARK: - Units

    struct UnitList: ResponseEncodable {
        let units: [UnitView]
    }

    struct Imported: ResponseEncodable {
        let created: Int
        let updated: Int
        let unchanged: Int
        let successions: Int
    }

    /// Every unit, or with `?date=` those in effect that day.
    @Sendable func listUnits(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> UnitList {
        let day = try request.uri.queryParameters.get("date").map(UnitView.date)
        return UnitList(units: try await units.units(on: day, logger: context.logger).map(UnitView.init))
    }

    /// The same document as `civicvoice units import`, as JSON: `{"units": [...]}`.
    @Sendable func importUnits(_ request: Request, context: AppRequestContext,
                               access: StaffAccess) async throws -> Imported {
        let body = String(decoding: try await JSONBody.bytes(request, limit: Self.maximumImportSize), as: UTF8.self)
        do {
            // JSON is read by the YAML reader (JSON is a subset of YAML): one parser, and the same
            // line-numbered errors as for a file.
            let plan = try UnitImport.parse(yaml: body, file: "body")
            let summary = try await units.importUnits(plan, by: access.actor, logger: context.logger)
            return Imported(created: summary.created, updated: summary.updated, unchanged: summary.unchanged,
                            successions: summary.successions)
        } catch let errors as FormValidationErrors {
            let items = errors.issues.map { issue in
                ["line": "\(issue.line)", "column": "\(issue.column)", "path": issue.keyPath, "message": issue.message]
            }
            throw Problem(status: .unprocessableContent, title: "Invalid units",
                          detail: "\(items.count) problem\(items.count == 1 ? "" : "s"); nothing was imported.",
                          extensions: ["errors": .objects(items)])
        }
    }

    // MARK: - Users

    struct UserView: Codable, Sendable {
        let login: String
        let displayName: String
        let disabled: Bool
        let grants: [StaffAPIController.Me.Grant]
    }

    struct UserList: ResponseEncodable {
        let users: [UserView]
    }

    @Sendable func listUsers(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> UserList {
        let users = try await accounts.users.list(logger: context.logger)
        return UserList(users: users.map { user, grants in
            UserView(login: user.login, displayName: user.displayName, disabled: user.isDisabled,
                     grants: grants.map { .init(role: $0.role.rawValue, unit: $0.unitCode) })
        })
    }

    struct CreatedUser: ResponseEncodable {
        let login: String
        let displayName: String
        /// Only when the server generated it: shown this once.
        let password: String?
    }

    /// `{"login", "displayName"?, "role", "unit"?, "password"?}`; without a password one is generated.
    @Sendable func createUser(_ request: Request, context: AppRequestContext,
                              access: StaffAccess) async throws -> EditedResponse<CreatedUser> {
        let body = try await JSONBody.object(request, limit: Self.maximumBodySize)
        var errors: [[String: String]] = []
        let login = Self.string(body, "login", required: true, errors: &errors)
        let name = Self.string(body, "displayName", required: false, errors: &errors)
        let password = Self.string(body, "password", required: false, errors: &errors)
        let role = Self.role(body, errors: &errors)
        let unit = Self.string(body, "unit", required: false, errors: &errors)
        Self.rejectUnknown(body, known: ["login", "displayName", "password", "role", "unit"], errors: &errors)
        guard errors.isEmpty, let login, let role else { throw Self.invalid(errors) }
        do {
            let (user, generated) = try await accounts.addUser(login: login, displayName: name, role: role, unitCode: unit,
                                                               password: password, by: access.actor, logger: context.logger)
            return EditedResponse(status: .created, response: CreatedUser(login: user.login, displayName: user.displayName,
                                                                          password: generated))
        } catch let error as AccountError {
            throw Self.problem(error)
        }
    }

    struct GrantResult: ResponseEncodable {
        let login: String
        let role: String
        let unit: String?
        let created: Bool
    }

    /// `{"role", "unit"?}`: 201 when added, 200 when the user already had it.
    @Sendable func addGrant(_ request: Request, context: AppRequestContext,
                            access: StaffAccess) async throws -> EditedResponse<GrantResult> {
        let login = context.parameters.get("login") ?? ""
        let body = try await JSONBody.object(request, limit: Self.maximumBodySize)
        var errors: [[String: String]] = []
        let role = Self.role(body, errors: &errors)
        let unit = Self.string(body, "unit", required: false, errors: &errors)
        Self.rejectUnknown(body, known: ["role", "unit"], errors: &errors)
        guard errors.isEmpty, let role else { throw Self.invalid(errors) }
        do {
            let created = try await accounts.grant(login: login, role: role, unitCode: unit, by: access.actor,
                                                   logger: context.logger)
            return EditedResponse(status: created ? .created : .ok,
                                  response: GrantResult(login: login, role: role.rawValue, unit: unit, created: created))
        } catch let error as AccountError {
            throw Self.problem(error)
        }
    }

    struct Disabled: ResponseEncodable {
        let login: String
        let disabled: Bool
        /// False when it was disabled before.
        let changed: Bool
    }

    @Sendable func disableUser(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Disabled {
        let login = context.parameters.get("login") ?? ""
        do {
            let changed = try await accounts.disable(login: login, by: access.actor, logger: context.logger)
            return Disabled(login: login, disabled: true, changed: changed)
        } catch let error as AccountError {
            throw Self.problem(error)
        }
    }

    // MARK: - Audit

    struct AuditPage: ResponseEncodable {
        struct Entry: Codable, Sendable {
            let id: Int64
            let at: String
            let actor: String
            let action: String
            let objectType: String
            let objectID: String?
            let details: [String: AuditLog.Value]
        }

        let entries: [Entry]
    }

    /// Newest first; `?limit=` (1–500, default 100) and `?before=<id>` page backwards.
    @Sendable func auditEntries(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> AuditPage {
        let query = request.uri.queryParameters
        let limit = query.get("limit").map { Int($0) ?? -1 } ?? 100
        let before = query.get("before").map { Int64($0) ?? -1 }
        guard (1...500).contains(limit), (before ?? 1) > 0 else {
            throw Problem(status: .badRequest, title: "Invalid paging",
                          detail: "limit must be 1 to 500 and before a positive entry id.")
        }
        let formatter = ISO8601DateFormatter()
        let entries = try await audit.recent(limit: limit, before: before, logger: context.logger)
        return AuditPage(entries: entries.map { entry in
            .init(id: entry.id, at: formatter.string(from: entry.at), actor: entry.actorLogin, action: entry.action,
                  objectType: entry.objectType, objectID: entry.objectID, details: entry.details)
        })
    }

    // MARK: - Reading bodies

    private static func string(_ body: [String: JSONValue], _ field: String, required: Bool,
                               errors: inout [[String: String]]) -> String? {
        switch body[field] {
        case .string(let value): return value
        case nil, .null?:
            if required { errors.append(["field": field, "code": "required"]) }
            return nil
        default:
            errors.append(["field": field, "code": "expected_string"])
            return nil
        }
    }

    private static func role(_ body: [String: JSONValue], errors: inout [[String: String]]) -> StaffRole? {
        guard let text = string(body, "role", required: true, errors: &errors) else { return nil }
        guard let role = StaffRole(rawValue: text) else {
            errors.append(["field": "role", "code": "unknown_role"])
            return nil
        }
        return role
    }

    private static func rejectUnknown(_ body: [String: JSONValue], known: Set<String>, errors: inout [[String: String]]) {
        for field in body.keys.sorted() where !known.contains(field) {
            errors.append(["field": field, "code": "unknown_field"])
        }
    }

    private static func invalid(_ errors: [[String: String]]) -> Problem {
        Problem(status: .unprocessableContent, title: "Invalid request",
                detail: "\(errors.count) field\(errors.count == 1 ? " has an error" : "s have errors").",
                extensions: ["errors": .objects(errors)])
    }

    private static func problem(_ error: AccountError) -> Problem {
        switch error {
        case .unknownUser: Problem(status: .notFound, title: "Unknown user", detail: error.description)
        case .loginTaken: Problem(status: .conflict, title: "Login taken", detail: error.description)
        default: Problem(status: .unprocessableContent, title: "Invalid request", detail: error.description)
        }
    }
}
