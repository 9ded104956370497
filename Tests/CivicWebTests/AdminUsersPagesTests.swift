import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// The admin console's accounts and each user's own account page, through the pages as a browser
/// uses them (issue 12): every change audited, every form refusing a forged token.
@Suite(.timeLimit(.minutes(3)))
struct AdminUsersPagesTests {
    static let strongPassword = "núi Fansipan cao 3143 mét"

    /// Posts the form of `page` that posts to `action`, with its own token.
    static func submit(_ browser: inout BrowserSession, _ client: some TestClientProtocol, page: String, action: String,
                       fields: [(String, String)]) async throws -> TestResponse {
        let html = String(buffer: try await browser.get(client, page).body)
        let token = try #require(BrowserSession.formToken(action: action, in: html), "a form posts to \(action) on \(page)")
        return try await browser.post(client, action, fields: [("csrf", token)] + fields)
    }

    static func actions(_ database: Database) async throws -> [String] {
        try await AuditLog(database: database).recent(limit: 50, logger: TestDatabase.logger).map(\.action)
    }

    /// An admin `quantri` (units imported) creates an analyst with a one-time link, through the
    /// form; the link's path, as the page shows it once.
    static func adminCreatesAnalystWithLink(_ client: some TestClientProtocol, _ database: Database, login: String,
                                            name: String) async throws -> String {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "quantri", role: .admin)
        var (admin, _) = try await StaffFixtures.signIn(client, "quantri")
        let created = try await submit(&admin, client, page: "/staff/admin/users", action: "/staff/admin/users",
                                       fields: [("login", login), ("displayName", name), ("role", "analyst"),
                                                ("unit", "LC.SVHTTDL"), ("method", "link")])
        #expect(created.status == .ok)
        let html = String(buffer: created.body)
        let start = try #require(html.range(of: "/staff/password/"))
        let secret = String(html[start.upperBound...].prefix { $0 != "<" && $0 != "\"" })
        return "/staff/password/\(secret)"
    }

    @Test func anAdminCreatesAnAnalystWithAOneTimeLinkThatSetsThePasswordOnce() async throws {
        try await TestApp.withApp { client, database in
            // act: create through the form
            let path = try await Self.adminCreatesAnalystWithLink(client, database, login: "Lan.Nguyen",
                                                                  name: "Nguyễn Thị Lan")

            // validate: weak passwords are refused with the reason, the link still works
            var user = BrowserSession()
            for (weak, reason) in [("matkhau12345!", "quá phổ biến"), ("ngắn", "ít nhất 12"),
                                   ("lan.nguyen-2026-ok", "tên đăng nhập"), ("aaaaaaaaaaaaaa", "lặp lại")] {
                let refused = try await Self.submit(&user, client, page: path, action: path,
                                                    fields: [("new", weak), ("confirm", weak)])
                #expect(refused.status == .unprocessableContent, "\(weak)")
                #expect(String(buffer: refused.body).contains(reason), "\(weak): \(reason)")
            }
            let set = try await Self.submit(&user, client, page: path, action: path,
                                            fields: [("new", Self.strongPassword), ("confirm", Self.strongPassword)])
            #expect(set.status == .seeOther)
            #expect(set.headers[.location] == "/staff/login?done=password")
            // once only
            #expect(try await user.get(client, path).status == .gone)
            // the analyst signs in with it, and reaches the dashboard from home
            let (analyst, signedIn) = try await StaffFixtures.signIn(client, "lan.nguyen", password: Self.strongPassword)
            #expect(signedIn.status == .seeOther)
            var browser = analyst
            #expect(String(buffer: try await browser.get(client, "/staff").body).contains("/staff/dashboard?unit=LC.SVHTTDL"))
            let log = try await Self.actions(database)
            for action in ["user.create", "password.link", "password.set"] { #expect(log.contains(action), "\(action) audited") }
            let link = try await database.query("""
                SELECT count(*)
                FROM password_links
                WHERE used_at IS NOT NULL
                """, logger: TestDatabase.logger) { try $0.decode(Int.self) }
            #expect(link == [1])
        }
    }

    /// The link's secret is the credential, and it is in the URL path: no log line may hold it,
    /// neither the access log (which names the route, issue 13) nor the link's own lines.
    @Test func theOneTimeLinksSecretIsNeverLogged() async throws {
        let lines = CapturingLogHandler.Lines()
        try await TestApp.withApp(logger: CapturingLogHandler.logger(lines)) { client, database in
            let path = try await Self.adminCreatesAnalystWithLink(client, database, login: "hoa.tran",
                                                                  name: "Trần Thị Hoa")
            let secret = String(path.dropFirst("/staff/password/".count))
            var user = BrowserSession()
            let set = try await Self.submit(&user, client, page: path, action: path,
                                            fields: [("new", Self.strongPassword), ("confirm", Self.strongPassword)])
            #expect(set.status == .seeOther)
            #expect(try await user.get(client, path).status == .gone)
            #expect(try await user.get(client, "/staff/password/cv_not-a-link").status == .gone)

            let logged = lines.all
            #expect(logged.contains { $0.contains("/staff/password/{secret}") || $0.contains("/staff/password/:secret") },
                    "the access log names the route")
            #expect(secret.count > 20)
            for line in logged {
                #expect(!line.contains(secret) && !line.contains(String(secret.suffix(12))), "\(line)")
                #expect(!line.contains("cv_not-a-link"), "\(line)")
            }
        }
    }

    @Test func aOneTimePasswordOpensOnlyTheAccountPageUntilItIsChanged() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "quantri", role: .admin)
            var (admin, _) = try await StaffFixtures.signIn(client, "quantri")
            let created = try await Self.submit(&admin, client, page: "/staff/admin/users", action: "/staff/admin/users",
                                                fields: [("login", "xuly"), ("role", "handler"), ("unit", "LC.SVHTTDL"),
                                                         ("method", "password")])
            let html = String(buffer: created.body)
            let start = try #require(html.range(of: "<p class=\"secret\" id=\"secret\">"))
            let oneTime = String(html[start.upperBound...].prefix { $0 != "<" })

            var (handler, response) = try await StaffFixtures.signIn(client, "xuly", password: oneTime)
            #expect(response.status == .seeOther)
            // act + validate: every other page leads to the account page
            for path in ["/staff", "/staff/feedback"] {
                let redirected = try await handler.get(client, path)
                #expect(redirected.status == .seeOther, "\(path)")
                #expect(redirected.headers[.location] == "/staff/account")
            }
            let account = String(buffer: try await handler.get(client, "/staff/account").body)
            #expect(account.contains("mật khẩu một lần"))
            #expect(!account.contains("action=\"/staff/account/tokens\""), "no tokens before the password is changed")
            let wrong = try await Self.submit(&handler, client, page: "/staff/account", action: "/staff/account/password",
                                              fields: [("current", "not it at all, sorry"), ("new", Self.strongPassword),
                                                       ("confirm", Self.strongPassword)])
            #expect(wrong.status == .unprocessableContent)
            let changed = try await Self.submit(&handler, client, page: "/staff/account", action: "/staff/account/password",
                                                fields: [("current", oneTime), ("new", Self.strongPassword),
                                                         ("confirm", Self.strongPassword)])
            #expect(changed.status == .seeOther)
            #expect(try await handler.get(client, "/staff").status == .ok, "the new cookie opens the pages")
            #expect(try await Self.actions(database).contains("password.change"))
        }
    }

    @Test func grantRevokeDisableEnableAndForcedSignOutThroughThePagesAreAudited() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "quantri", role: .admin)
            try await StaffFixtures.addUser(database, "lan", role: .analyst, unit: "LC.SVHTTDL")
            var (admin, _) = try await StaffFixtures.signIn(client, "quantri")
            var (lan, _) = try await StaffFixtures.signIn(client, "lan")
            let page = "/staff/admin/users/lan"

            // act + validate
            let granted = try await Self.submit(&admin, client, page: page, action: "\(page)/grants",
                                                fields: [("role", "handler"), ("unit", "LC.STP")])
            #expect(granted.status == .seeOther)
            #expect(try await lan.get(client, "/staff/feedback?unit=LC.STP").status == .ok, "the new grant works")
            let revoked = try await Self.submit(&admin, client, page: page, action: "\(page)/grants/revoke",
                                                fields: [("role", "handler"), ("unit", "LC.STP")])
            #expect(revoked.status == .seeOther)
            #expect(try await lan.get(client, "/staff/feedback").status == .forbidden, "the revoked grant does not")
            let refused = try await Self.submit(&admin, client, page: page, action: "\(page)/grants",
                                                fields: [("role", "handler")])
            #expect(refused.status == .unprocessableContent, "a handler grant needs a unit")
            #expect(String(buffer: refused.body).contains("cần gắn với một đơn vị"))

            #expect(try await Self.submit(&admin, client, page: page, action: "\(page)/sessions", fields: []).status == .seeOther)
            #expect(try await lan.get(client, "/staff").status == .unauthorized, "forced sign-out")
            (lan, _) = try await StaffFixtures.signIn(client, "lan")
            #expect(try await Self.submit(&admin, client, page: page, action: "\(page)/disable", fields: []).status == .seeOther)
            #expect(try await lan.get(client, "/staff").status == .unauthorized, "disabled")
            let (_, refusedSignIn) = try await StaffFixtures.signIn(client, "lan")
            #expect(refusedSignIn.status == .unauthorized)
            #expect(try await Self.submit(&admin, client, page: page, action: "\(page)/enable", fields: []).status == .seeOther)
            let (_, again) = try await StaffFixtures.signIn(client, "lan")
            #expect(again.status == .seeOther, "re-enabled")
            let reset = try await Self.submit(&admin, client, page: page, action: "\(page)/reset", fields: [])
            #expect(String(buffer: reset.body).contains("/staff/password/cv_"))

            let log = try await Self.actions(database)
            for action in ["grant.add", "grant.revoke", "session.revoke", "user.disable", "user.enable", "password.link"] {
                #expect(log.contains(action), "\(action) audited")
            }
        }
    }

    @Test func aForgedTokenIsRefusedOnEveryConsoleFormAndChangesNothing() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "quantri", role: .admin)
            try await StaffFixtures.addUser(database, "lan", role: .analyst, unit: "LC.SVHTTDL")
            var (admin, _) = try await StaffFixtures.signIn(client, "quantri")
            let before = try await Self.actions(database).count
            let forms: [(String, [(String, String)])] = [
                ("/staff/admin/users", [("login", "mallory"), ("role", "admin"), ("method", "password")]),
                ("/staff/admin/users/lan/grants", [("role", "admin")]),
                ("/staff/admin/users/lan/grants/revoke", [("role", "analyst"), ("unit", "LC.SVHTTDL")]),
                ("/staff/admin/users/lan/disable", []), ("/staff/admin/users/lan/enable", []),
                ("/staff/admin/users/lan/sessions", []), ("/staff/admin/users/lan/reset", []),
                ("/staff/account/password", [("current", StaffFixtures.password), ("new", "x"), ("confirm", "x")]),
                ("/staff/account/tokens", [("label", "x"), ("days", "30"), ("scope", "full")]),
            ]
            for (action, fields) in forms {
                // a token made for another form, and one made up
                let other = BrowserSession.formToken(action: "/staff/logout",
                                                     in: String(buffer: try await admin.get(client, "/staff").body)) ?? ""
                for token in [other, "forged", ""] {
                    let response = try await admin.post(client, action, fields: [("csrf", token)] + fields)
                    #expect(response.status == .forbidden, "\(action) with \(token.isEmpty ? "no" : token) token")
                    #expect(String(buffer: response.body).contains("Phiên biểu mẫu đã hết hạn"))
                }
            }
            #expect(try await Self.actions(database).count == before, "nothing was changed or audited")
            #expect(try await UserStore(database: database).user(login: "mallory", logger: TestDatabase.logger) == nil)
        }
    }

    @Test func aUserCreatesAReadMetricsTokenShownOnceAndRevokesIt() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .handler, unit: "LC.SVHTTDL")
            try await StaffAccounts(database: database, passwordCost: StaffFixtures.passwordCost)
                .grant(login: "lan", role: .analyst, unitCode: "LC.SVHTTDL", by: StaffFixtures.cli, logger: TestDatabase.logger)
            try await StaffFixtures.addUser(database, "khac", role: .analyst, unit: "LC.SVHTTDL")
            let othersToken = try await StaffAccounts(database: database, passwordCost: StaffFixtures.passwordCost)
                .createToken(login: "khac", label: "x", by: StaffFixtures.cli, logger: TestDatabase.logger).token.id
            var (lan, _) = try await StaffFixtures.signIn(client, "lan")

            // act
            let created = try await Self.submit(&lan, client, page: "/staff/account", action: "/staff/account/tokens",
                                                fields: [("label", "báo cáo quý"), ("days", "30"), ("scope", "read_metrics")])
            let html = String(buffer: created.body)
            let start = try #require(html.range(of: "<p class=\"secret\" id=\"new-token\">"))
            let token = String(html[start.upperBound...].prefix { $0 != "<" })

            // validate: shown once, scoped, revocable only by its owner
            #expect(APIToken.looksLikeToken(token))
            #expect(!String(buffer: try await lan.get(client, "/staff/account").body).contains(token), "shown once")
            let bearer = StaffFixtures.bearer(token)
            #expect(try await client.execute(uri: "/api/v1/metrics/qd766?unit=LC.SVHTTDL", method: .get, headers: bearer)
                .status == .ok)
            #expect(try await client.execute(uri: "/api/v1/staff/feedback", method: .get, headers: bearer)
                .status == .forbidden, "a read-metrics token cannot handle feedback, though its user can")
            let stolen = try await Self.submit(&lan, client, page: "/staff/account",
                                               action: "/staff/account/tokens", fields: [("days", "7"), ("scope", "full")])
            #expect(stolen.status == .unprocessableContent, "an expiry outside the list is refused")
            let ids = try await TokenStore(database: database).list(login: "lan", logger: TestDatabase.logger).map(\.id)
            let id = try #require(ids.first)
            #expect(try await Self.submit(&lan, client, page: "/staff/account", action: "/staff/account/tokens/\(id)/revoke",
                                          fields: []).status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/metrics/qd766?unit=LC.SVHTTDL", method: .get, headers: bearer)
                .status == .unauthorized)
            let csrf = CSRFProtection(key: SecretKeys(secret: TestApp.secret).csrf)
            let cookie = lan.cookies[CSRFProtection.cookieName] ?? ""
            let path = "/staff/account/tokens/\(othersToken)/revoke"
            let user = try #require(try await UserStore(database: database).user(login: "lan", logger: TestDatabase.logger))
            let action = CSRFProtection.staffAction(path, userID: user.id, epoch: user.sessionEpoch)
            #expect(try await lan.post(client, path, fields: [("csrf", csrf.token(cookie: cookie, action: action))]).status
                == .notFound, "another user's token is not theirs to revoke")
            let log = try await Self.actions(database)
            #expect(log.contains("token.create") && log.contains("token.revoke"))
        }
    }
}
