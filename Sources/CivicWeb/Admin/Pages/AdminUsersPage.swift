import CivicCore
import CivicStore
import Foundation

/// `GET /staff/admin/users`: every account with its status and grants, and the form that creates
/// one (its first grant, and either a one-time link to set the password, valid 24 hours, or a
/// one-time password to replace at the first sign-in). After a creation, the link or the
/// password is shown here once.
struct AdminUsersPage: Sendable {
    struct Row: Sendable {
        let login: String
        let href: String
        let name: String
        let status: String
        let grants: String
    }

    /// What a creation or a reset hands over, once.
    struct Secret: Sendable {
        let heading: String
        let login: String
        let value: String
        let help: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let rows: [Row]
    let secret: Secret?
    let errors: [String]
    let hasErrors: Bool
    let csrf: String
    let login: String
    let displayName: String
    let roles: [SelectOption]
    let unit: UnitSelector
    let oneTimePassword: Bool

    /// - Parameter posted: the fields of a refused creation, shown again.
    init(users: [(UserStore.User, [UserStore.Grant])], units: [UnitStore.Unit], page: StaffPageRenderer.Page,
         secret: Secret? = nil, errors: [String] = [], posted: URLEncodedFields? = nil) {
        let text = page.text
        chrome = page.chrome(text.text("staff.users.title"))
        t = text.labels("staff.users")
        rows = users.map { user, grants in
            Row(login: user.login, href: "/staff/admin/users/\(user.login)", name: user.displayName,
                status: AdminUsersPage.status(of: user, text: text),
                grants: grants.isEmpty ? "—" : grants.map { "\(text.role($0.role)): \($0.unitCode ?? text.text("staff.home.everywhere"))" }
                    .joined(separator: "; "))
        }
        self.secret = secret
        self.errors = errors
        hasErrors = !errors.isEmpty
        csrf = page.token("/staff/admin/users")
        login = posted?.text("login") ?? ""
        displayName = posted?.text("displayName") ?? ""
        let role = posted?["role"] ?? StaffRole.analyst.rawValue
        roles = StaffRole.allCases.map { SelectOption(value: $0.rawValue, label: text.role($0), selected: $0.rawValue == role) }
        unit = UnitSelector(units: units, selected: posted?["unit"], filter: nil, text: text,
                            none: text.text("staff.users.no_unit"), hasFilter: false)
        oneTimePassword = posted?["method"] == "password"
    }

    static func status(of user: UserStore.User, text: StaffPageText) -> String {
        if user.isDisabled { return text.text("staff.users.status_disabled") }
        if user.passwordMustChange { return text.text("staff.users.status_must_change") }
        return text.text("staff.users.status_active")
    }
}
