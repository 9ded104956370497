import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// The PAKN desk as handlers use it (issue 12): the handler chosen from the accounts whose grant
/// covers the unit, taking an item, internal notes, reply templates with blanks, the public title.
@Suite(.timeLimit(.minutes(3)))
struct StaffDeskTests {
    static let office = "LC.SVHTTDL.QLVH"

    @Test func everyStaffStringOfVietnameseIsInEnglish() {
        let ui = TestApp.forms.catalog.ui
        let vietnamese = ui.tables["vi"]?.strings.keys.filter { $0.hasPrefix("staff.") } ?? []
        let missing = vietnamese.filter { ui.tables["en"]?.strings[$0] == nil }.sorted()
        #expect(missing.isEmpty, "en.yaml lacks \(missing)")
    }

    /// Posts an action of the item page with its form's token.
    static func act(_ browser: inout BrowserSession, _ client: some TestClientProtocol, item: String,
                    _ fields: [(String, String)], action: String? = nil) async throws -> TestResponse {
        let html = String(buffer: try await browser.get(client, item).body)
        let target = action ?? "\(item)/transitions"
        let token = try #require(BrowserSession.formToken(action: target, in: html))
        return try await browser.post(client, target, fields: [("csrf", token)] + fields)
    }

    @Test func aHandlerTakesAnItemNotesItFillsATemplateAndPublishesAnEditedTitle() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .handler, unit: "LC.SVHTTDL")
            try await StaffFixtures.addUser(database, "minh", role: .handler, unit: Self.office)
            try await StaffFixtures.addUser(database, "khac", role: .handler, unit: "LC.STP")
            try await StaffFixtures.addUser(database, "phantich", role: .analyst, unit: "LC.SVHTTDL")
            let citizenTitle = "Ông Nguyễn Văn A ở thôn 3 bị đòi phí"
            let id = try await FeedbackFixtures.createItem(client, unit: Self.office, title: citizenTitle)
            let item = "/staff/feedback/\(id.uuidString.lowercased())"
            var (lan, _) = try await StaffFixtures.signIn(client, "lan")

            // act + validate: accept, then the assign form offers only handlers covering the unit
            #expect(try await Self.act(&lan, client, item: item, [("action", "accept")]).status == .seeOther)
            let page = String(buffer: try await lan.get(client, item).body)
            #expect(page.contains("<option value=\"lan\"") && page.contains("<option value=\"minh\""))
            #expect(!page.contains("<option value=\"khac\""), "another department's handler is not offered")
            #expect(!page.contains("<option value=\"phantich\""), "an analyst is not offered")
            // take it: assigned to me
            let take = try #require(page.range(of: "name=\"assigneeLogin\" value=\"lan\""), "the take form")
            _ = take
            #expect(try await Self.act(&lan, client, item: item,
                                       [("action", "assign"), ("assigneeUnit", Self.office), ("assigneeLogin", "lan")])
                .status == .seeOther)
            let mine = String(buffer: try await lan.get(client, "/staff/feedback?assigned=me&order=due").body)
            #expect(mine.contains(item), "assigned to me")
            #expect(mine.contains("<caption>Số mục theo tình trạng"), "counts per state")
            #expect(try await Self.act(&lan, client, item: item, [("action", "start")]).status == .seeOther)

            // a note: an event, the state unchanged; an empty one refused; a forged token refused
            let noted = try await Self.act(&lan, client, item: item, [("note", "Đã gọi cho bộ phận một cửa.")],
                                           action: "\(item)/notes")
            #expect(noted.status == .seeOther)
            #expect(try await Self.act(&lan, client, item: item, [("note", "   ")], action: "\(item)/notes").status
                == .unprocessableContent)
            #expect(try await lan.post(client, "\(item)/notes", fields: [("csrf", "forged"), ("note", "x")]).status == .forbidden)
            let events = try await FeedbackStore(database: database).events(itemID: id, logger: TestDatabase.logger)
            let note = try #require(events.last)
            #expect(note.action == "note" && note.fromState == "in_progress" && note.toState == "in_progress")
            let citizen = try await FeedbackStore(database: database).item(id: id, today: ServiceClock.system.today(),
                                                                          logger: TestDatabase.logger)
            #expect(citizen?.state == .inProgress)

            // a template fills the reply; its blanks must be filled first
            let templated = String(buffer: try await lan.get(client, "\(item)?for=resolve&template=resolved_procedure").body)
            #expect(templated.contains("[[ngày xử lý]]"))
            let blank = try await Self.act(&lan, client, item: item,
                                           [("action", "resolve"), ("publicReply", "Ngày [[ngày xử lý]], Sở đã xử lý.")])
            #expect(blank.status == .unprocessableContent)
            #expect(String(buffer: blank.body).contains("hãy điền mọi chỗ trống"))
            #expect(try await Self.act(&lan, client, item: item,
                                       [("action", "resolve"), ("publicReply", "Ngày 3/12, Sở đã trả lại phí đã thu.")])
                .status == .seeOther)

            // publish: the citizen's title is offered for editing, a title is required, the edited one is public
            let publishing = String(buffer: try await lan.get(client, item).body)
            #expect(publishing.contains("id=\"f-publish-publicTitle\" name=\"publicTitle\" value=\"\(citizenTitle)\""))
            #expect(try await Self.act(&lan, client, item: item, [("action", "publish"), ("publicTitle", " ")]).status
                == .unprocessableContent)
            #expect(try await Self.act(&lan, client, item: item,
                                       [("action", "publish"), ("publicTitle", "Thu phí không đúng quy định")]).status == .seeOther)
            let published = String(buffer: try await client.execute(uri: "/pakn/public", method: .get).body)
            #expect(published.contains("Thu phí không đúng quy định"))
            #expect(!published.contains(citizenTitle), "the citizen's own title is never published")
        }
    }
}
