import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// Issue 13: a staff form's CSRF token is bound to the session. Someone who plants their own CSRF
/// cookie in a staff member's browser (cookie tossing from a sibling subdomain) and pairs it with
/// the token they got for it in their own session cannot post as that staff member.
@Suite(.timeLimit(.minutes(2)))
struct StaffCSRFTests {
    @Test func aTokenFromAnotherSessionIsRefusedWithThePlantedCookie() async throws {
        try await TestApp.withApp { client, database in
            // setup: the victim lan and the attacker minh, both handlers who can open the item
            var victim = try await StaffFeedbackPagesTests.signedInHandler(client, database)
            try await StaffFixtures.addUser(database, "minh", role: .handler, unit: "LC.SVHTTDL")
            var (attacker, _) = try await StaffFixtures.signIn(client, "minh")
            let item = try await FeedbackFixtures.createItem(client, unit: StaffFeedbackPagesTests.office)
            let path = StaffFeedbackPagesTests.path(item)
            let page = String(buffer: try await attacker.get(client, path).body)
            let stolen = try #require(StaffFeedbackPagesTests.csrf(for: "\(path)/transitions", in: page))
            // act: the attacker's CSRF cookie planted in the victim's browser, with the attacker's token
            victim.cookies[CSRFProtection.cookieName] = attacker.cookies[CSRFProtection.cookieName]
            let forged = try await victim.post(client, "\(path)/transitions", fields: [("csrf", stolen), ("action", "accept")])
            // validate: refused, nothing changed; the victim's own form still works with that cookie
            #expect(forged.status == .forbidden)
            let own = String(buffer: try await victim.get(client, path).body)
            let token = try #require(StaffFeedbackPagesTests.csrf(for: "\(path)/transitions", in: own))
            #expect(token != stolen)
            let posted = try await victim.post(client, "\(path)/transitions", fields: [("csrf", token), ("action", "accept")])
            #expect(posted.status == .seeOther || posted.status == .ok, "\(posted.status)")
            let events = try await database.query("SELECT actor_login FROM feedback_events WHERE item_id = \(item) ORDER BY id",
                                                  logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(events == ["citizen", "lan"])
        }
    }
}
