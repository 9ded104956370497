import CivicCore
import HTTPTypes
import Hummingbird

/// The staff pages' HTML, on the citizen pages' layout (escaped by mustache).
struct StaffPageRenderer: Sendable {
    let renderer: PageRenderer
    let ui: UIStrings

    struct LoginPage: Sendable {
        let chrome: PageChrome
        let heading: String
        let hasError: Bool
        let error: String
        let loginLabel: String
        let passwordLabel: String
        let submit: String
        let login: String
        let csrf: String
    }

    struct HomePage: Sendable {
        struct Grant: Sendable {
            let role: String
            let unit: String
        }

        let chrome: PageChrome
        let heading: String
        let signedInAs: String
        let login: String
        let displayName: String
        let grantsHeading: String
        let grants: [Grant]
        let hasGrants: Bool
        let noGrants: String
        /// The PAKN list's link, for those whose grants carry the permission to handle feedback.
        let feedbackLink: String?
        let signOut: String
        let csrf: String
    }

    func chrome(title: String, path: String) -> PageChrome {
        PageChrome(title: title, language: "vi", chain: LanguageChain(requested: "vi"), languages: [], path: path, ui: ui)
    }

    func login(status: HTTPResponse.Status = .ok, login: String = "", error: String? = nil, csrf: String,
               headers: HTTPFields) -> Response {
        let page = LoginPage(chrome: chrome(title: StaffText.signInTitle, path: "/staff/login"),
                             heading: StaffText.signInTitle, hasError: error != nil, error: error ?? "",
                             loginLabel: StaffText.loginLabel, passwordLabel: StaffText.passwordLabel,
                             submit: StaffText.signInButton, login: login, csrf: csrf)
        return renderer.html(page, template: "staff-login", status: status, headers: headers)
    }

    func home(_ access: StaffAccess, csrf: String, headers: HTTPFields) -> Response {
        let grants = access.identity.grants.map { grant in
            HomePage.Grant(role: StaffText.roleName(grant.role.rawValue),
                           unit: grant.role == .admin ? (grant.unitCode.map { "\(StaffText.everywhere) (\($0))" } ?? StaffText.everywhere)
                                                      : (grant.unitCode ?? ""))
        }
        let user = access.identity.user
        let page = HomePage(chrome: chrome(title: StaffText.homeTitle, path: "/staff"), heading: StaffText.homeTitle,
                            signedInAs: StaffText.signedInAs, login: user.login, displayName: user.displayName,
                            grantsHeading: StaffText.grantsHeading, grants: grants, hasGrants: !grants.isEmpty,
                            noGrants: StaffText.noGrants,
                            feedbackLink: access.identity.roles(carrying: .handleFeedback).isEmpty ? nil : StaffText.feedbackLink,
                            signOut: StaffText.signOutButton, csrf: csrf)
        return renderer.html(page, template: "staff-home", headers: headers)
    }

    func message(_ status: HTTPResponse.Status, heading: String, body: String? = nil, link: (String, String)? = nil,
                 headers: HTTPFields = [:]) -> Response {
        func text(_ value: String) -> ResolvedText { ResolvedText(text: value, language: "vi", fellBack: false) }
        let page = MessagePage(chrome: chrome(title: heading, path: "/staff"), heading: text(heading),
                               body: body.map(text), link: link.map { MessagePage.Link(href: $0.0, label: text($0.1)) })
        return renderer.html(page, template: "message", status: status, headers: headers)
    }

    /// The page that answers a staff page that failed, in the reader's language (Vietnamese, or
    /// English when chosen, as on the PAKN desk): what happened, what the request got wrong when the
    /// route said (its detail, in English), the reference to quote for a failure on our side, and a
    /// link to the staff home.
    func failure(_ failure: RouteFailure, request: Request) -> Response {
        let reader = CitizenLanguage(request: request, offered: StaffFeedbackText.languages)
        let heading = ui.text(failure.messageKey, for: reader.chain)
        let body = failure.reference.map { ui.format("page.error_reference", for: reader.chain, with: ["reference": $0]) }
            ?? failure.detail.map { ResolvedText(text: $0, language: "en", fellBack: reader.language != "en") }
        let page = MessagePage(
            chrome: PageChrome(title: heading.text, language: reader.language, chain: reader.chain, languages: [],
                               path: request.uri.path, ui: ui),
            heading: heading, body: body,
            link: MessagePage.Link(href: "/staff", label: ui.text("staff.feedback.home", for: reader.chain)))
        return renderer.html(page, template: "message", status: failure.status, headers: failure.headers)
    }

    func signInRequired() -> Response {
        message(.unauthorized, heading: StaffText.signInRequired, body: StaffText.signInRequiredText,
                link: ("/staff/login", StaffText.signInButton))
    }

    func forbidden() -> Response {
        message(.forbidden, heading: StaffText.forbidden, body: StaffText.forbiddenText, link: ("/staff", StaffText.homeTitle))
    }

    func notFound() -> Response {
        message(.notFound, heading: StaffText.notFound, link: ("/staff", StaffText.homeTitle))
    }
}
