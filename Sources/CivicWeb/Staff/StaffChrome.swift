import CivicCore
import Foundation

/// What every staff page shares: its language and title, links to the same page in the other
/// staff languages, and, once someone is signed in, the one header of the console: home, the
/// pages the reader's grants allow, the signed-in account and sign out (a CSRF-protected form).
struct StaffChrome: Sendable {
    struct Link: Sendable {
        let href: String
        let label: String
        let current: Bool
        /// The language of a language link, for `lang` and `hreflang`.
        let tag: String?
    }

    /// The header of a signed-in page (``StaffChrome/header``), also shown on the analytics pages.
    struct Header: Sendable {
        let navLabel: String
        let links: [Link]
        let signedInAs: String
        let account: Link
        let signOut: String
        /// The token of the sign-out form (bound to `/staff/logout`).
        let signOutCSRF: String
    }

    let lang: String
    let title: String
    let skip: String
    let languageLabel: String
    let languages: [Link]
    let header: Header?

    /// - Parameters:
    ///   - path: the page's path; the language links keep `parameters` and replace `lang`.
    ///   - header: nil on the pages before signing in.
    init(title: String, text: StaffPageText, path: String, parameters: [String: String], header: Header?) {
        lang = text.language
        self.title = title
        skip = text.ui.text("skip_to_content", for: text.chain).text
        languageLabel = text.ui.text("form.choose_language", for: text.chain).text
        languages = StaffPageText.languages.map { tag in
            var query = parameters
            query["lang"] = tag
            let name = text.ui.text("language.\(tag)", for: LanguageChain(requested: tag)).text
            return Link(href: AnalyticsChrome.href(path, query), label: name, current: tag == text.language, tag: tag)
        }
        self.header = header
    }

    /// The console's pages in the order of the header, each with the permission it needs (the
    /// route table says the same; the header only hides what the gate would refuse).
    static let sections: [(path: String, key: String, permission: StaffPermission?)] = [
        ("/staff", "staff.nav.home", nil),
        ("/staff/feedback", "staff.nav.feedback", .handleFeedback),
        ("/staff/dashboard", "staff.nav.dashboard", .readMetrics),
        ("/staff/plans", "staff.nav.plans", .readMetrics),
        ("/staff/paper", "staff.nav.paper", .enterPaperResponses),
        ("/staff/desks", "staff.nav.desks", .manageDesks),
        ("/staff/exports", "staff.nav.exports", .readMetrics),
        ("/staff/admin/users", "staff.nav.users", .administer),
        ("/staff/admin/units", "staff.nav.units", .administer),
        ("/staff/admin/dossiers", "staff.nav.dossiers", .administer),
        ("/staff/admin/targets", "staff.nav.targets", .administer),
        ("/staff/admin/audit", "staff.nav.audit", .administer),
        ("/staff/admin/translations", "staff.nav.translations", .administer),
        ("/staff/admin/privacy", "staff.nav.privacy", .administer),
        ("/staff/admin/webhooks", "staff.nav.webhooks", .administer),
    ]

    /// The header for `identity` on the page at `path`.
    static func header(for identity: StaffIdentity, text: StaffPageText, path: String, signOutCSRF: String) -> Header {
        let links = sections.filter { section in
            section.permission.map { !identity.roles(carrying: $0).isEmpty } ?? true
        }.map { section in
            Link(href: section.path, label: text.text(section.key),
                 current: section.path == "/staff" ? path == "/staff" : (path == section.path || path.hasPrefix(section.path + "/")),
                 tag: nil)
        }
        let user = identity.user
        return Header(navLabel: text.text("staff.nav.label"), links: links, signedInAs: text.text("staff.nav.signed_in_as"),
                      account: Link(href: "/staff/account", label: "\(user.displayName) (\(user.login))",
                                    current: path.hasPrefix("/staff/account"), tag: nil),
                      signOut: text.text("staff.nav.sign_out"), signOutCSRF: signOutCSRF)
    }
}
