import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The admin console's accounts (admins only, every change audited by the stores, every form
/// CSRF-protected): `GET|POST /staff/admin/users` (list, create), `GET /staff/admin/users/{login}`
/// and its posts: `grants` (add), `grants/revoke`, `disable`, `enable`, `sessions` (force sign-out)
/// `reset` (a one-time link that resets the password) and `email` (the work email reminders go to).
struct AdminUsersController: Sendable {
    let accounts: StaffAccounts
    /// Seals and opens accounts' work emails; nil without DATA_KEYS (no email on the page then).
    let contacts: ContactVault?
    let units: UnitStore
    let pages: StaffPageRenderer
    let today: @Sendable () -> CalendarDate
    /// When an email is set (its row's consent time).
    let clock: ServiceClock

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.usersPage, handler: list)
        staff.register(StaffRoutes.userCreatePage, handler: create)
        staff.register(StaffRoutes.userPage, handler: show)
        staff.register(StaffRoutes.userGrantPage, handler: grant)
        staff.register(StaffRoutes.userRevokePage, handler: revoke)
        staff.register(StaffRoutes.userDisablePage, handler: disable)
        staff.register(StaffRoutes.userEnablePage, handler: enable)
        staff.register(StaffRoutes.userSessionsPage, handler: endSessions)
        staff.register(StaffRoutes.userResetPage, handler: reset)
        staff.register(StaffRoutes.userEmailPage, handler: setEmail)
    }

    // MARK: - List and create

    private func listPage(_ request: Request, access: StaffAccess, logger: Logger, status: HTTPResponse.Status = .ok,
                          secret: AdminUsersPage.Secret? = nil, errors: [String] = [],
                          posted: URLEncodedFields? = nil) async throws -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.usersPage.path)
        let model = AdminUsersPage(users: try await accounts.users.list(logger: logger),
                                   units: try await units.units(on: today(), logger: logger), page: page,
                                   secret: secret, errors: errors, posted: posted)
        return pages.render(model, template: "staff-admin-users", page: page, status: status)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await listPage(request, access: access, logger: context.logger)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.usersPage.path)
        let text = pages.page(request, access: access).text
        var errors: [String] = []
        let login = fields.text("login")
        if login == nil { errors.append(text.text("staff.users.login_required")) }
        let role = fields["role"].flatMap(StaffRole.init(rawValue:))
        if role == nil { errors.append(text.text("staff.users.role_invalid")) }
        let method = fields["method"] ?? "link"
        if !["link", "password"].contains(method) { errors.append(text.text("staff.users.method_invalid")) }
        guard errors.isEmpty, let login, let role else {
            return try await listPage(request, access: access, logger: context.logger, status: .unprocessableContent,
                                      errors: errors, posted: fields)
        }
        let unit = fields.text("unit")
        do {
            let secret: AdminUsersPage.Secret
            if method == "password" {
                let (user, password) = try await accounts.addUser(
                    login: login, displayName: fields.text("displayName"), role: role, unitCode: unit, password: nil,
                    oneTime: true, by: access.actor, logger: context.logger)
                secret = .init(heading: text.text("staff.users.created_password"), login: user.login, value: password ?? "",
                               help: text.text("staff.users.created_password_help"))
            } else {
                let (user, link) = try await accounts.addUserWithLink(
                    login: login, displayName: fields.text("displayName"), role: role, unitCode: unit,
                    by: access.actor, logger: context.logger)
                secret = .init(heading: text.text("staff.users.created_link"), login: user.login,
                               value: linkURL(request, secret: link), help: text.text("staff.users.link_help"))
            }
            return try await listPage(request, access: access, logger: context.logger, secret: secret)
        } catch let error as AccountError {
            return try await listPage(request, access: access, logger: context.logger, status: .unprocessableContent,
                                      errors: [message(error, text: text)], posted: fields)
        }
    }

    /// The link's address as the admin reached this server (the Host they used), to hand over.
    private func linkURL(_ request: Request, secret: String) -> String {
        let scheme = pages.secureCookies ? "https" : "http"
        let host = request.head.authority ?? "localhost"
        return "\(scheme)://\(host)/staff/password/\(secret)"
    }

    private func message(_ error: AccountError, text: StaffPageText) -> String {
        switch error {
        case .invalidLogin: text.text("staff.users.login_invalid")
        case .invalidDisplayName: text.text("staff.users.name_invalid")
        case .loginTaken(let login): text.format("staff.users.login_taken", ["login": login])
        case .unknownUser(let login): text.format("staff.users.unknown_user", ["login": login])
        case .unknownUnit(let code): text.format("staff.users.unknown_unit", ["unit": code])
        case .unitRequired(let role): text.format("staff.users.unit_required", ["role": text.role(role)])
        case .invalidPassword, .unknownToken, .invalidExpiry: error.description
        }
    }

    // MARK: - One account

    private func userPage(_ request: Request, access: StaffAccess, login: String, logger: Logger,
                          status: HTTPResponse.Status = .ok, notice: String? = nil, errors: [String] = [],
                          secret: AdminUsersPage.Secret? = nil, postedEmail: String? = nil) async throws -> Response {
        guard let user = try await accounts.users.user(login: login, logger: logger) else {
            return pages.notFound(request, access: access)
        }
        let page = pages.page(request, access: access, path: "/staff/admin/users/\(user.login)")
        let email: StaffAccountPage.Email? = if let contacts {
            .init(current: try await accounts.users.email(userID: user.id, vault: contacts, logger: logger),
                  posted: postedEmail, errors: [])
        } else {
            nil
        }
        let model = AdminUserPage(user: user, grants: try await accounts.users.grants(userID: user.id, logger: logger),
                                  units: try await units.units(on: today(), logger: logger), page: page,
                                  notice: notice, errors: errors, secret: secret, email: email)
        return pages.render(model, template: "staff-admin-user", page: page, status: status)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let login = context.parameters.get("login") ?? ""
        let text = pages.page(request, access: access).text
        let done = request.uri.queryParameters.get("done").flatMap { name in
            ["granted", "revoked", "disabled", "enabled", "signed_out", "unchanged", "email"].contains(name)
                ? text.text("staff.users.done_\(name)") : nil
        }
        return try await userPage(request, access: access, login: login, logger: context.logger, notice: done)
    }

    /// Reads the form, runs `change` and answers 303 back to the account with `?done=`, or the
    /// account page with 422 and the reason.
    private func change(_ request: Request, context: AppRequestContext, access: StaffAccess,
                        _ change: (URLEncodedFields, String, StaffPageText) async throws -> String) async throws -> Response {
        let login = context.parameters.get("login") ?? ""
        let base = "/staff/admin/users/\(login)"
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: base)
        let text = pages.page(request, access: access).text
        do {
            let done = try await change(fields, login, text)
            return Response(status: .seeOther, headers: [.location: "\(base)?done=\(done)"])
        } catch let error as AccountError {
            if case .unknownUser = error { return pages.notFound(request, access: access) }
            return try await userPage(request, access: access, login: login, logger: context.logger,
                                      status: .unprocessableContent, errors: [message(error, text: text)])
        } catch let error as InvalidField {
            return try await userPage(request, access: access, login: login, logger: context.logger,
                                      status: .unprocessableContent, errors: [text.text(error.key)])
        }
    }

    private struct InvalidField: Error {
        let key: String
    }

    private static func role(_ fields: URLEncodedFields) throws -> StaffRole {
        guard let role = fields["role"].flatMap(StaffRole.init(rawValue:)) else {
            throw InvalidField(key: "staff.users.role_invalid")
        }
        return role
    }

    @Sendable func grant(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await change(request, context: context, access: access) { fields, login, _ in
            try await accounts.grant(login: login, role: try Self.role(fields), unitCode: fields.text("unit"),
                                     by: access.actor, logger: context.logger) ? "granted" : "unchanged"
        }
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await change(request, context: context, access: access) { fields, login, _ in
            try await accounts.revokeGrant(login: login, role: try Self.role(fields), unitCode: fields.text("unit"),
                                           by: access.actor, logger: context.logger) ? "revoked" : "unchanged"
        }
    }

    @Sendable func disable(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await change(request, context: context, access: access) { _, login, _ in
            try await accounts.disable(login: login, by: access.actor, logger: context.logger) ? "disabled" : "unchanged"
        }
    }

    @Sendable func enable(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await change(request, context: context, access: access) { _, login, _ in
            try await accounts.enable(login: login, by: access.actor, logger: context.logger) ? "enabled" : "unchanged"
        }
    }

    @Sendable func endSessions(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await change(request, context: context, access: access) { _, login, _ in
            try await accounts.endSessions(login: login, by: access.actor, logger: context.logger)
            return "signed_out"
        }
    }

    /// 303 back to the account (a blank field removes the address, audited as `user.email` by the
    /// admin); the page again with 422, the typed address and the reason for one that is not valid.
    @Sendable func setEmail(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let login = context.parameters.get("login") ?? ""
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: "/staff/admin/users/\(login)")
        guard let contacts else { return pages.notFound(request, access: access) }
        let email: ContactDetails?
        do {
            email = try fields.staffEmail()
        } catch {
            let text = pages.page(request, access: access).text
            return try await userPage(request, access: access, login: login, logger: context.logger,
                                      status: .unprocessableContent, errors: [text.text("staff.account.email_invalid")],
                                      postedEmail: fields.text("email"))
        }
        do {
            let changed = try await accounts.users.setEmail(login: login, email: email, vault: contacts, now: clock.now(),
                                                            by: access.actor, logger: context.logger)
            return Response(status: .seeOther,
                            headers: [.location: "/staff/admin/users/\(login)?done=\(changed ? "email" : "unchanged")"])
        } catch AccountError.unknownUser {
            return pages.notFound(request, access: access)
        }
    }

    /// The reset link on the account's page, once (200, never cached).
    @Sendable func reset(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let login = context.parameters.get("login") ?? ""
        _ = try await StaffForm.read(request, access: access, pages: pages, back: "/staff/admin/users/\(login)")
        let text = pages.page(request, access: access).text
        do {
            let secret = try await accounts.passwordLink(login: login, purpose: .reset, by: access.actor,
                                                         logger: context.logger)
            return try await userPage(request, access: access, login: login, logger: context.logger,
                                      secret: .init(heading: text.text("staff.users.reset_link"), login: login,
                                                    value: linkURL(request, secret: secret),
                                                    help: text.text("staff.users.link_help")))
        } catch AccountError.unknownUser {
            return pages.notFound(request, access: access)
        }
    }
}
