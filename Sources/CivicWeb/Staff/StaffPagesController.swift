import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Signing in and out: `GET|POST /staff/login` and `POST /staff/logout` (public, CSRF-protected).
struct StaffPagesController: Sendable {
    let accounts: StaffAccounts
    let audit: AuditLog
    let pages: StaffPageRenderer
    let sessions: SessionCookie
    let csrf: CSRFProtection
    let throttle: LoginThrottle
    /// bcrypt checks running at once (ProtectionPolicy.concurrentPasswordChecks).
    let passwordChecks: CapacityLimit
    let addresses: AddressHasher
    let secureCookies: Bool
    /// When a session starts, and whether the one signing out has expired.
    let clock: ServiceClock

    static let maximumBodySize = 8 * 1024

    func register(on router: Router<AppRequestContext>) {
        router.get("/staff/login", use: loginForm)
        router.post("/staff/login", use: signIn)
        router.post("/staff/logout", use: signOut)
    }

    @Sendable func loginForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = pages.page(request, access: nil, path: "/staff/login")
        return pages.login(page, notice: request.uri.queryParameters.get("done") == "password"
            ? page("staff.login.password_set") : nil)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = pages.page(request, access: nil, path: "/staff/login")
        guard let fields = try? await FormBody.read(request, limit: Self.maximumBodySize).fields else {
            return pages.badForm(request, access: nil, back: "/staff/login")
        }
        let login = StaffLogin.normalized(fields["login"] ?? "") ?? VietnameseText.cleanedInput(fields["login"] ?? "")
        func again(_ status: HTTPResponse.Status, _ error: String) -> Response {
            pages.login(page, status: status, login: String(login.prefix(64)), error: error)
        }
        guard csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                           action: "/staff/login") else {
            CivicMetrics.staffSignInRefused("csrf").increment()
            return again(.forbidden, page("staff.error.csrf_text"))
        }
        let address = addresses.hash(request, peer: context.remoteAddress)
        let now = clock.now()
        // The throttle first: a flood from one place is refused there (429) and never holds a
        // password-check slot that someone else's sign-in needs.
        guard let ticket = try await throttle.reserve(login: login, client: address, now: now, logger: context.logger) else {
            CivicMetrics.staffSignInRefused("throttled").increment()
            context.logger.notice("staff sign-in throttled")
            return pages.message(page, .tooManyRequests, heading: page("staff.login.too_many"), body: page("staff.login.too_many_text"),
                                 link: ("/staff/login", page("staff.login.submit")), headers: [.retryAfter: "180"])
        }
        // bcrypt takes a quarter of a second of a core: beyond a few at once, refuse rather than
        // queue, and give the attempt back (it was not checked).
        guard passwordChecks.tryAcquire() else {
            try await throttle.notChecked(ticket, logger: context.logger)
            CivicMetrics.staffSignInRefused("busy").increment()
            return pages.message(page, .serviceUnavailable, heading: page("staff.login.too_many"), body: page("staff.login.busy_text"),
                                 link: ("/staff/login", page("staff.login.submit")), headers: [.retryAfter: "2"])
        }
        defer { passwordChecks.release() }
        let user: UserStore.User
        switch try await accounts.signIn(login: login, password: fields["password"] ?? "", logger: context.logger) {
        case .signedIn(let account):
            user = account
        case .refused(let account, let reason):
            CivicMetrics.staffSignInRefused("credentials").increment()
            // Never the password, nor a login that names no account (it may be a password typed in
            // the wrong box); the client only as the keyed hash the throttle uses.
            try await audit.append("session.login_failed", objectType: "user", objectID: account,
                                   details: ["reason": .string(reason)], by: .client(address), logger: context.logger)
            return again(.unauthorized, page("staff.login.failed"))
        }
        try await throttle.signedIn(ticket, now: now, logger: context.logger)
        try await audit.append("session.login", objectType: "user", objectID: user.login,
                               by: .user(id: user.id, login: user.login), logger: context.logger)
        let claims = SessionCookie.Claims(userID: user.id, epoch: user.sessionEpoch,
                                          expiresAt: clock.now().addingTimeInterval(SessionCookie.lifetime))
        var headers = page.headers
        headers.setCookie(SessionCookie.name, value: sessions.value(for: claims), maxAge: Int(SessionCookie.lifetime),
                          secure: secureCookies, sameSite: "Strict")
        headers[.location] = "/staff"
        return Response(status: .seeOther, headers: headers)
    }

    /// Ends the session everywhere (the account's epoch moves on) and clears the cookie.
    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        // The token is bound to the session it ends (without one there is nothing to end).
        let claims = request.cookie(SessionCookie.name).flatMap { sessions.claims(from: $0, now: clock.now()) }
        let action = claims.map { CSRFProtection.staffAction("/staff/logout", userID: $0.userID, epoch: $0.epoch) }
            ?? "/staff/logout"
        guard let fields = try? await FormBody.read(request, limit: Self.maximumBodySize).fields,
              csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                           action: action) else {
            return pages.csrfRefused(request, access: nil, back: "/staff")
        }
        if let claims,
           let user = try await accounts.users.user(id: claims.userID, logger: context.logger),
           user.sessionEpoch == claims.epoch {
            try await accounts.users.endSessions(userID: user.id, by: .user(id: user.id, login: user.login),
                                                 logger: context.logger)
        }
        var headers = HTTPFields()
        headers.setCookie(SessionCookie.name, value: "", maxAge: 0, secure: secureCookies, sameSite: "Strict")
        headers[.location] = "/staff/login"
        return Response(status: .seeOther, headers: headers)
    }
}
