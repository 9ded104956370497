import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The signed-in user's own account: `GET /staff/account`, `POST /staff/account/password` (change
/// one's password: the current one required, the policy checked, bcrypt off the event loop),
/// `POST /staff/account/tokens` (a new API token, shown once),
/// `POST /staff/account/tokens/{token}/revoke` and `POST /staff/account/email` (the work email
/// reminders go to, sealed like contact details). Every form is CSRF-protected; every change audited.
struct StaffAccountController: Sendable {
    let accounts: StaffAccounts
    /// Seals and opens the work email; nil without DATA_KEYS (the page then offers no email form).
    let contacts: ContactVault?
    let pages: StaffPageRenderer
    let sessions: SessionCookie
    let policy: PasswordPolicy
    let clock: ServiceClock

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.accountPage, handler: show)
        staff.register(StaffRoutes.accountPassword, handler: changePassword)
        staff.register(StaffRoutes.accountTokenCreate, handler: createToken)
        staff.register(StaffRoutes.accountTokenRevoke, handler: revokeToken)
        staff.register(StaffRoutes.accountEmail, handler: changeEmail)
    }

    private func render(_ request: Request, access: StaffAccess, logger: Logger, status: HTTPResponse.Status = .ok,
                        notice: String? = nil, passwordErrors: [String] = [], tokenErrors: [String] = [],
                        emailErrors: [String] = [], postedEmail: String? = nil,
                        newToken: String? = nil, extraHeaders: HTTPFields = [:]) async throws -> Response {
        var page = pages.page(request, access: access, path: StaffRoutes.accountPage.path)
        page.headers.append(contentsOf: extraHeaders)
        let user = try await accounts.users.user(id: access.identity.user.id, logger: logger) ?? access.identity.user
        let tokens = try await accounts.tokens.list(login: user.login, logger: logger)
        let email: StaffAccountPage.Email? = if let contacts {
            .init(current: try await accounts.users.email(userID: user.id, vault: contacts, logger: logger),
                  posted: postedEmail, errors: emailErrors)
        } else {
            nil
        }
        let model = StaffAccountPage(access: access, user: user, tokens: tokens, page: page, now: clock.now(), notice: notice,
                                     passwordErrors: passwordErrors, tokenErrors: tokenErrors, email: email,
                                     newToken: newToken)
        return pages.render(model, template: "staff-account", page: page, status: status)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let text = pages.page(request, access: access).text
        let notice: String? = switch request.uri.queryParameters.get("done") {
        case "password"?: text.text("staff.account.password_changed")
        case "revoked"?: text.text("staff.account.token_revoked_notice")
        case "email"?: text.text("staff.account.email_saved")
        default: access.identity.user.passwordMustChange ? text.text("staff.account.must_change") : nil
        }
        return try await render(request, access: access, logger: context.logger, notice: notice)
    }

    /// 303 back to the page with a new session cookie (the change ends every other session);
    /// the page again with 422 and the reasons otherwise.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.accountPage.path)
        let text = pages.page(request, access: access).text
        let user = access.identity.user
        let current = fields["current"] ?? ""
        let new = VietnameseText.nfc(fields["new"] ?? "")
        var errors: [String] = []
        if current.isEmpty { errors.append(text.text("staff.account.current_required")) }
        if new != VietnameseText.nfc(fields["confirm"] ?? "") { errors.append(text.text("staff.account.confirm_differs")) }
        if let problem = policy.problem(new, login: user.login) {
            errors.append(text.format("staff.account.problem_\(problem.rawValue)",
                                      ["min": "\(StaffLogin.minimumPasswordLength)", "max": "\(StaffLogin.maximumPasswordBytes)"]))
        }
        if errors.isEmpty, new == current { errors.append(text.text("staff.account.same_password")) }
        guard errors.isEmpty else {
            return try await render(request, access: access, logger: context.logger, status: .unprocessableContent,
                                    passwordErrors: errors)
        }
        guard let changed = try await accounts.changePassword(userID: user.id, login: user.login, current: current, new: new,
                                                              logger: context.logger) else {
            return try await render(request, access: access, logger: context.logger, status: .unprocessableContent,
                                    passwordErrors: [text.text("staff.account.current_wrong")])
        }
        var headers = HTTPFields()
        let claims = SessionCookie.Claims(userID: changed.id, epoch: changed.sessionEpoch,
                                          expiresAt: clock.now().addingTimeInterval(SessionCookie.lifetime))
        headers.setCookie(SessionCookie.name, value: sessions.value(for: claims), maxAge: Int(SessionCookie.lifetime),
                          secure: pages.secureCookies, sameSite: "Strict")
        headers[.location] = "\(StaffRoutes.accountPage.path)?done=password"
        return Response(status: .seeOther, headers: headers)
    }

    /// The new token on the page, once (200, never cached); 422 with the reason for a bad field.
    @Sendable func createToken(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.accountPage.path)
        let text = pages.page(request, access: access).text
        var errors: [String] = []
        let label = fields.text("label") ?? ""
        if label.count > 100 || VietnameseText.containsDisallowedControlCharacters(label) {
            errors.append(text.text("staff.account.label_invalid"))
        }
        let days = fields["days"].flatMap(Int.init)
        if days.map(StaffAccountPage.expiryChoices.contains) != true { errors.append(text.text("staff.account.days_invalid")) }
        let scope = fields["scope"].flatMap(TokenStore.Scope.init(rawValue:))
        if scope == nil { errors.append(text.text("staff.account.scope_invalid")) }
        guard errors.isEmpty, let days, let scope else {
            return try await render(request, access: access, logger: context.logger, status: .unprocessableContent,
                                    tokenErrors: errors)
        }
        let (_, secret) = try await accounts.createToken(login: access.identity.user.login, label: label, days: days,
                                                         scope: scope, now: clock.now(), by: access.actor,
                                                         logger: context.logger)
        return try await render(request, access: access, logger: context.logger,
                                notice: text.text("staff.account.token_created"), newToken: secret)
    }

    /// 303 back to the page (a blank field removes the address); the page again with 422, the
    /// typed address and the reason for one that is not valid.
    @Sendable func changeEmail(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.accountPage.path)
        guard let contacts else { return pages.notFound(request, access: access) }
        let email: ContactDetails?
        do {
            email = try fields.staffEmail()
        } catch {
            let text = pages.page(request, access: access).text
            return try await render(request, access: access, logger: context.logger, status: .unprocessableContent,
                                    emailErrors: [text.text("staff.account.email_invalid")],
                                    postedEmail: fields.text("email"))
        }
        _ = try await accounts.users.setEmail(login: access.identity.user.login, email: email, vault: contacts,
                                              now: clock.now(), by: access.actor, logger: context.logger)
        return Response(status: .seeOther, headers: [.location: "\(StaffRoutes.accountPage.path)?done=email"])
    }

    /// 303 back to the page; 404 for a token that is not the caller's (or does not exist).
    @Sendable func revokeToken(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        _ = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.accountPage.path)
        guard let id = context.parameters.get("token").flatMap(Int64.init) else {
            return pages.notFound(request, access: access)
        }
        do {
            _ = try await accounts.tokens.revoke(id: id, tokenHash: nil, ownerID: access.identity.user.id, by: access.actor,
                                                 logger: context.logger)
        } catch AccountError.unknownToken {
            return pages.notFound(request, access: access)
        }
        return Response(status: .seeOther, headers: [.location: "\(StaffRoutes.accountPage.path)?done=revoked"])
    }
}
