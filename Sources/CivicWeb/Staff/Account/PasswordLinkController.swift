import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// The one-time links that set a new account's password or reset a forgotten one:
/// `GET /staff/password/{secret}` (the form, while the link works) and `POST` to the same path
/// (sets the password, ends the account's sessions, uses the link up). Public routes: the link's
/// secret is the credential, so a link that is used, expired or unknown answers the same 410 page.
struct PasswordLinkController: Sendable {
    let accounts: StaffAccounts
    let pages: StaffPageRenderer
    let policy: PasswordPolicy
    let clock: ServiceClock

    struct FormPage: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let heading: String
        let login: String
        let action: String
        let csrf: String
        let minimumLength: Int
        let errors: [String]
        let hasErrors: Bool
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/staff/password/:secret", use: show)
        router.post("/staff/password/:secret", use: set)
    }

    private func gone(_ request: Request) -> Response {
        let page = pages.page(request, access: nil)
        return pages.message(page, .gone, heading: page("staff.password.gone"), body: page("staff.password.gone_text"),
                             link: ("/staff/login", page("staff.login.submit")))
    }

    private func form(_ request: Request, link: PasswordLinkStore.Link, status: HTTPResponse.Status = .ok,
                      errors: [String] = []) -> Response {
        let page = pages.page(request, access: nil)
        let heading = page("staff.password.\(link.purpose.rawValue)_heading")
        let model = FormPage(chrome: page.chrome(heading), t: page.text.labels("staff.password"), heading: heading,
                             login: link.user.login, action: request.uri.path, csrf: page.token(request.uri.path),
                             minimumLength: StaffLogin.minimumPasswordLength, errors: errors, hasErrors: !errors.isEmpty)
        return pages.render(model, template: "staff-password", page: page, status: status)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = context.parameters.get("secret"),
              let link = try await accounts.passwordLink(secret: secret, now: clock.now(), logger: context.logger) else {
            return gone(request)
        }
        return form(request, link: link)
    }

    @Sendable func set(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = context.parameters.get("secret"),
              let link = try await accounts.passwordLink(secret: secret, now: clock.now(), logger: context.logger) else {
            return gone(request)
        }
        let fields: URLEncodedFields
        do {
            fields = try await StaffForm.read(request, access: nil, pages: pages, back: request.uri.path)
        } catch {
            // Not behind the staff router (the link is the credential): answer the refusal here.
            return error.response
        }
        let text = pages.page(request, access: nil).text
        let new = VietnameseText.nfc(fields["new"] ?? "")
        var errors: [String] = []
        if new != VietnameseText.nfc(fields["confirm"] ?? "") { errors.append(text.text("staff.account.confirm_differs")) }
        if let problem = policy.problem(new, login: link.user.login) {
            errors.append(text.format("staff.account.problem_\(problem.rawValue)",
                                      ["min": "\(StaffLogin.minimumPasswordLength)", "max": "\(StaffLogin.maximumPasswordBytes)"]))
        }
        guard errors.isEmpty else { return form(request, link: link, status: .unprocessableContent, errors: errors) }
        guard try await accounts.setPassword(linkSecret: secret, password: new, now: clock.now(), logger: context.logger) != nil else {
            return gone(request)
        }
        context.logger.notice("password set through a one-time link", metadata: ["user": "\(link.user.login)"])
        return Response(status: .seeOther, headers: [.location: "/staff/login?done=password"])
    }
}
