import CivicCore
import CivicStore
import Foundation

/// `GET /staff/admin/users/{login}`: one account: its grants (each with a revoke form), a form
/// adding a grant, its work email (where reminders go), and the forms that disable or re-enable
/// it, end its sessions, or make a one-time link that resets its password (shown here once).
struct AdminUserPage: Sendable {
    struct Grant: Sendable {
        let label: String
        let role: String
        let unit: String
        let revokeCSRF: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let login: String
    let name: String
    let status: String
    let disabled: Bool
    let created: String
    let base: String
    let grants: [Grant]
    let hasGrants: Bool
    let roles: [SelectOption]
    let unit: UnitSelector
    let notice: String?
    let errors: [String]
    let hasErrors: Bool
    let secret: AdminUsersPage.Secret?
    let grantCSRF: String
    let revokeHref: String
    let disableCSRF: String
    let enableCSRF: String
    let sessionsCSRF: String
    let resetCSRF: String
    /// Nil without DATA_KEYS, which seal the address.
    let email: StaffAccountPage.Email?

    init(user: UserStore.User, grants: [UserStore.Grant], units: [UnitStore.Unit], page: StaffPageRenderer.Page,
         notice: String? = nil, errors: [String] = [], secret: AdminUsersPage.Secret? = nil,
         email: StaffAccountPage.Email? = nil) {
        let text = page.text
        chrome = page.chrome("\(user.login) · \(text.text("staff.users.title"))")
        t = text.labels("staff.users")
        login = user.login
        name = user.displayName
        status = AdminUsersPage.status(of: user, text: text)
        disabled = user.isDisabled
        created = StaffAccountPage.day(user.createdAt)
        let base = "/staff/admin/users/\(user.login)"
        self.base = base
        revokeHref = "\(base)/grants/revoke"
        let revokeToken = page.token("\(base)/grants/revoke")
        self.grants = grants.map { grant in
            Grant(label: "\(text.role(grant.role)): \(grant.unitCode ?? text.text("staff.home.everywhere"))",
                  role: grant.role.rawValue, unit: grant.unitCode ?? "", revokeCSRF: revokeToken)
        }
        hasGrants = !grants.isEmpty
        roles = StaffRole.allCases.map { SelectOption(value: $0.rawValue, label: text.role($0), selected: $0 == .handler) }
        unit = UnitSelector(units: units, selected: nil, filter: nil, text: text, none: text.text("staff.users.no_unit"),
                            hasFilter: false)
        self.notice = notice
        self.errors = errors
        hasErrors = !errors.isEmpty
        self.secret = secret
        grantCSRF = page.token("\(base)/grants")
        disableCSRF = page.token("\(base)/disable")
        enableCSRF = page.token("\(base)/enable")
        sessionsCSRF = page.token("\(base)/sessions")
        resetCSRF = page.token("\(base)/reset")
        self.email = email.map { email in
            var signed = email
            signed.csrf = page.token("\(base)/email")
            return signed
        }
    }
}
