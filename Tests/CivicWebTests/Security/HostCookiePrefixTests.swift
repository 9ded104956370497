import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// Issue 13: over HTTPS (`COOKIE_SECURE=true`) cookies carry the `__Host-` prefix, which a browser
/// accepts only with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant one; and an
/// unprefixed cookie (which could have been planted) is not read.
@Suite(.timeLimit(.minutes(2)))
struct HostCookiePrefixTests {
    @Test func overHTTPSEveryCookieIsHostPrefixedAndOnlyPrefixedOnesAreRead() async throws {
        try await TestApp.withApp(environment: ["COOKIE_SECURE": "true"]) { client, database in
            // setup
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .analyst, unit: "LC.SVHTTDL")
            // act: the login form and the sign-in through it, as a browser over HTTPS
            var (browser, response) = try await StaffFixtures.signIn(client, "lan")
            // validate: every cookie set is prefixed, Secure, whole site, no Domain; the session works
            #expect(response.status == .seeOther)
            let session = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("__Host-cv_staff=") })
            #expect(session.contains("; Secure") && session.contains("Path=/") && !session.lowercased().contains("domain="))
            #expect(!browser.cookies.isEmpty)
            #expect(browser.cookies.keys.allSatisfy { $0.hasPrefix("__Host-") }, "\(browser.cookies.keys.sorted())")
            #expect(browser.cookies["__Host-\(CSRFProtection.cookieName)"] != nil)
            #expect(try await browser.get(client, "/staff").status == .ok)
            // the same values without the prefix, as a planted cookie would arrive: not read
            var planted = BrowserSession(cookies: Dictionary(uniqueKeysWithValues: browser.cookies.map {
                (String($0.key.dropFirst("__Host-".count)), $0.value)
            }))
            #expect(try await planted.get(client, "/staff").status == .unauthorized)
            // a citizen page's cookies too: the language remembered, the form's CSRF cookie
            var citizen = BrowserSession()
            #expect(try await citizen.get(client, "/f/sipas?lang=hmn").status == .ok)
            #expect(Set(citizen.cookies.keys) == ["__Host-cv_lang", "__Host-cv_csrf"])
        }
    }

    @Test func overPlainHTTPCookiesKeepTheirNames() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .analyst, unit: "LC.SVHTTDL")
            var (browser, _) = try await StaffFixtures.signIn(client, "lan")
            #expect(browser.cookies["cv_staff"] != nil)
            #expect(!browser.cookies.keys.contains { $0.hasPrefix("__Host-") })
            #expect(try await browser.get(client, "/staff").status == .ok)
        }
    }

    @Test func setCookieIsPrefixedOnlyWhereABrowserAcceptsIt() {
        typealias Prefix = HostCookiePrefixMiddleware<AppRequestContext>
        #expect(Prefix.prefixed("a=1; Path=/; Max-Age=1; HttpOnly; SameSite=Lax; Secure") == "__Host-a=1; Path=/; Max-Age=1; HttpOnly; SameSite=Lax; Secure")
        #expect(Prefix.prefixed("a=1; Path=/; HttpOnly") == "a=1; Path=/; HttpOnly", "not Secure")
        #expect(Prefix.prefixed("a=1; Path=/staff; Secure") == "a=1; Path=/staff; Secure", "not the whole site")
        #expect(Prefix.prefixed("a=1; Path=/; Domain=example.vn; Secure") == "a=1; Path=/; Domain=example.vn; Secure")
    }
}
