import CivicCore
import CivicStore
import Foundation

/// `GET /staff/account`: the signed-in user's own page: their grants, a form to change their
/// password (the current one required), their work email (where reminders go), and their API
/// tokens (created here, shown once, revoked here), each with its expiry and scope.
struct StaffAccountPage: Sendable {
    struct TokenRow: Sendable {
        let label: String
        let scope: String
        let created: String
        let expires: String
        let lastUsed: String
        let status: String
        /// The revoke form, for a token that still works.
        let revokeHref: String?
        let revokeCSRF: String
    }

    /// The work email form: the address on the account, or the one just typed and refused.
    struct Email: Sendable {
        let value: String
        let isSet: Bool
        let errors: [String]
        let hasErrors: Bool
        /// The form's CSRF token, set by the page that shows it.
        var csrf = ""

        init(current: String?, posted: String?, errors: [String]) {
            value = posted ?? current ?? ""
            isSet = current != nil
            self.errors = errors
            hasErrors = !errors.isEmpty
        }
    }

    let chrome: StaffChrome
    let t: [String: String]
    let login: String
    let displayName: String
    let grants: [String]
    let mustChange: Bool
    let notice: String?
    let passwordErrors: [String]
    let hasPasswordErrors: Bool
    let passwordCSRF: String
    let minimumLength: Int
    let showTokens: Bool
    let tokens: [TokenRow]
    let hasTokens: Bool
    let tokenErrors: [String]
    let hasTokenErrors: Bool
    let tokenCSRF: String
    /// Nil without DATA_KEYS, which seal the address.
    let email: Email?
    let expiryOptions: [SelectOption]
    let scopeOptions: [SelectOption]
    /// A token just created: shown this once.
    let newToken: String?

    static let expiryChoices = [30, 90, 365]

    init(access: StaffAccess, user: UserStore.User, tokens: [TokenStore.Token], page: StaffPageRenderer.Page, now: Date,
         notice: String? = nil, passwordErrors: [String] = [], tokenErrors: [String] = [], email: Email? = nil,
         newToken: String? = nil) {
        let text = page.text
        chrome = page.chrome(text.text("staff.account.title"))
        t = text.labels("staff.account")
        login = user.login
        displayName = user.displayName
        grants = access.identity.grants.map { "\(text.role($0.role)): \($0.unitCode ?? text.text("staff.home.everywhere"))" }
        mustChange = user.passwordMustChange
        self.notice = notice
        self.passwordErrors = passwordErrors
        hasPasswordErrors = !passwordErrors.isEmpty
        passwordCSRF = page.token("/staff/account/password")
        minimumLength = StaffLogin.minimumPasswordLength
        showTokens = !user.passwordMustChange
        self.tokens = tokens.map { token in
            let works = token.revokedAt == nil && token.expiresAt > now
            let status = token.revokedAt != nil ? text.text("staff.account.token_revoked")
                : (token.expiresAt <= now ? text.text("staff.account.token_expired") : text.text("staff.account.token_active"))
            let href = "/staff/account/tokens/\(token.id)/revoke"
            return TokenRow(label: token.label.isEmpty ? "—" : token.label,
                            scope: text.text("staff.account.scope_\(token.scope.rawValue)"),
                            created: Self.day(token.createdAt), expires: Self.day(token.expiresAt),
                            lastUsed: token.lastUsedAt.map { Self.day($0) } ?? "—", status: status,
                            revokeHref: works ? href : nil, revokeCSRF: works ? page.token(href) : "")
        }
        hasTokens = !self.tokens.isEmpty
        self.tokenErrors = tokenErrors
        hasTokenErrors = !tokenErrors.isEmpty
        tokenCSRF = page.token("/staff/account/tokens")
        // Like the tokens, nothing but the password until a one-time password is replaced.
        self.email = user.passwordMustChange ? nil : email.map { email in
            var signed = email
            signed.csrf = page.token(StaffRoutes.accountEmail.path)
            return signed
        }
        expiryOptions = Self.expiryChoices.map {
            SelectOption(value: "\($0)", label: text.format("staff.account.days", ["days": "\($0)"]),
                         selected: $0 == StaffAccounts.defaultTokenLifetimeDays)
        }
        scopeOptions = TokenStore.Scope.allCases.reversed().map {
            SelectOption(value: $0.rawValue, label: text.text("staff.account.scope_\($0.rawValue)"), selected: $0 == .readMetrics)
        }
        self.newToken = newToken
    }

    /// The day of `date` in Vietnam, `2026-12-03`.
    static func day(_ date: Date) -> String {
        CalendarDate.inVietnam(at: date).description
    }
}
