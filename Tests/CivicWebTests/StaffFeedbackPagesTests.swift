import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import CivicWeb

/// The handlers' pages for PAKN items, as a browser uses them: session cookie, GET forms, CSRF.
@Suite(.timeLimit(.minutes(3)))
struct StaffFeedbackPagesTests {
    static let office = "LC.SVHTTDL.QLVH"

    /// The sample register and a handler on the culture department, signed in.
    static func signedInHandler(_ client: some TestClientProtocol, _ database: Database) async throws -> BrowserSession {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "lan", role: .handler, unit: "LC.SVHTTDL")
        let (browser, response) = try await StaffFixtures.signIn(client, "lan")
        #expect(response.status == .seeOther)
        return browser
    }

    /// The CSRF token of the form that posts to `action` on `html`.
    static func csrf(for action: String, in html: String) -> String? {
        guard let form = html.range(of: "action=\"\(action)\"") else { return nil }
        return BrowserSession.hiddenField("csrf", in: String(html[form.upperBound...]))
    }

    static func path(_ item: UUID) -> String { "/staff/feedback/\(item.uuidString.lowercased())" }

    @Test func everyStringThePagesUseIsInVietnameseAndEnglish() {
        let ui = TestApp.forms.catalog.ui
        for language in StaffFeedbackText.languages {
            let missing = StaffFeedbackText.allKeys.filter { ui.tables[language]?.strings[$0] == nil }
            #expect(missing.isEmpty, "\(language).yaml lacks \(missing)")
        }
    }

    @Test func theListFlagsOverdueItemsFiltersByAGetFormAndIgnoresMarks() async throws {
        try await TestApp.withApp { client, database in
            // setup
            var browser = try await Self.signedInHandler(client, database)
            let hanoi = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Đường ở Hà Nội hỏng")
            let other = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Biểu mẫu khó hiểu",
                                                              category: "regulation")
            _ = try await FeedbackFixtures.createItem(client, unit: "LC.STP", title: "Ngoài phạm vi của tôi")
            try await database.execute("""
                UPDATE feedback_items
                SET state = 'accepted', accepted_on = current_date - 30, due_on = current_date - 2
                WHERE id = \(hanoi)
                """, logger: TestDatabase.logger)

            // act + validate: the home links to the list
            let home = String(buffer: try await browser.get(client, "/staff").body)
            #expect(home.contains("href=\"/staff/feedback\""))

            let list = try await browser.get(client, "/staff/feedback")
            #expect(list.status == .ok)
            let html = String(buffer: list.body)
            #expect(html.contains("<form method=\"get\" action=\"/staff/feedback\">"))
            #expect(html.contains("Đường ở Hà Nội hỏng") && html.contains("Biểu mẫu khó hiểu"))
            #expect(!html.contains("Ngoài phạm vi của tôi"), "another department's item is not listed")
            #expect(html.contains("2 mục, trong đó 1 mục quá hạn."))
            #expect(html.contains("<li class=\"overdue\"><strong class=\"err\">Quá hạn</strong> <a href=\"\(Self.path(hanoi))\">"))
            #expect(html.contains("<option value=\"\(Self.office)\">"), "units in scope are offered as a filter")
            #expect(!html.contains("<option value=\"LC.STP\">"))

            // The filters are a GET form: what a browser sends for "ha noi", overdue and a category.
            let search = String(buffer: try await browser.get(client, "/staff/feedback?q=ha+noi&unit=&category=&lang=vi").body)
            #expect(search.contains("Đường ở Hà Nội hỏng") && !search.contains("Biểu mẫu khó hiểu"))
            #expect(search.contains("value=\"ha noi\""), "the search stays in the form")
            let overdue = String(buffer: try await browser.get(client, "/staff/feedback?overdue=true").body)
            #expect(overdue.contains(Self.path(hanoi)) && !overdue.contains(Self.path(other)))
            let category = String(buffer: try await browser.get(client, "/staff/feedback?category=regulation&state=received").body)
            #expect(category.contains(Self.path(other)) && !category.contains(Self.path(hanoi)))
            let english = String(buffer: try await browser.get(client, "/staff/feedback?lang=en").body)
            #expect(english.contains("2 items, 1 of them overdue.") && english.contains("<html lang=\"en\">"))

            // Bad filters: a page that says so; a unit outside the grants: 403.
            #expect(try await browser.get(client, "/staff/feedback?state=bogus").status == .badRequest)
            #expect(try await browser.get(client, "/staff/feedback?unit=LC.STP").status == .forbidden)
        }
    }

    @Test func theItemPageTransitionsThroughFormsWithCSRF() async throws {
        try await TestApp.withApp { client, database in
            // setup
            var browser = try await Self.signedInHandler(client, database)
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office, attachment: "anh.png")
            let path = Self.path(item)
            let transitions = "\(path)/transitions"

            // the page: fields, the attachment link, one form per allowed action
            let page = try await browser.get(client, path)
            #expect(page.status == .ok)
            var html = String(buffer: page.body)
            #expect(html.contains("Hồ sơ chậm") && html.contains("Hồ sơ nộp từ tháng trước chưa có kết quả."))
            let attachment = try #require(try await FeedbackFixtures.attachmentIDs(database, item: item).first)
            #expect(html.contains("href=\"\(path)/attachments/\(attachment.uuidString.lowercased())\""))
            #expect(html.contains("name=\"action\" value=\"accept\"") && html.contains("name=\"action\" value=\"mark_out_of_scope\""))
            #expect(!html.contains("name=\"action\" value=\"publish\""))
            #expect(html.contains("<ol><li>"), "the history lists the receipt")
            let token = try #require(Self.csrf(for: transitions, in: html))

            // a forged token is refused and changes nothing
            let forged = try await browser.post(client, transitions, fields: [("csrf", "forged" + token.dropFirst(6)), ("action", "accept")])
            #expect(forged.status == .forbidden)
            #expect(try await FeedbackStore(database: database).item(id: item, today: ServiceClock.system.today(),
                                                                     logger: TestDatabase.logger)?.state == .received)

            // a valid post: 303 back to the item, which now shows the new state and the due date
            let accepted = try await browser.post(client, transitions, fields: [("csrf", token), ("action", "accept"),
                                                                              ("note", "Tiếp nhận.")])
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "\(path)?lang=vi")
            html = String(buffer: try await browser.get(client, path).body)
            #expect(html.contains("Đã chấp nhận xử lý"))
            #expect(html.contains("Hạn xử lý"))
            #expect(html.contains("Tiếp nhận."), "the note is in the history")
            #expect(html.contains("name=\"action\" value=\"assign\""))
            #expect(html.contains("<option value=\"\(Self.office)\">"), "units to assign to are offered")

            // an action the state does not allow: 409, listing the allowed ones
            let illegal = try await browser.post(client, transitions, fields: [("csrf", token), ("action", "publish")])
            #expect(illegal.status == .conflict)
            let illegalHTML = String(buffer: illegal.body)
            #expect(illegalHTML.contains("Không thể thực hiện “Công khai kết quả”"))
            #expect(illegalHTML.contains("Các thao tác được phép: Giao đơn vị xử lý."))

            // a missing field: 422, the form again with the error and what was typed
            let invalid = try await browser.post(client, transitions, fields: [("csrf", token), ("action", "assign"),
                                                                             ("assigneeUnit", ""), ("note", "Giao gấp")])
            #expect(invalid.status == .unprocessableContent)
            let invalidHTML = String(buffer: invalid.body)
            #expect(invalidHTML.contains("Đơn vị được giao: bắt buộc."))
            #expect(invalidHTML.contains(">Giao gấp</textarea>"))

            // assign with a unit: applied
            let assigned = try await browser.post(client, transitions, fields: [("csrf", token), ("action", "assign"),
                                                                              ("assigneeUnit", Self.office), ("assigneeLogin", ""),
                                                                              ("note", "")])
            #expect(assigned.status == .seeOther)
            let events = try await FeedbackStore(database: database).events(itemID: item, logger: TestDatabase.logger)
            #expect(events.map(\.action) == ["receive", "accept", "assign"])
            #expect(events.last?.actor == "lan")
        }
    }

    @Test func showingTheContactDetailsIsAPostThatIsAudited() async throws {
        try await TestApp.withApp { client, database in
            var browser = try await Self.signedInHandler(client, database)
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office,
                                                             contact: #"{"email": "hoa.nguyen@example.vn"}"#)
            let path = Self.path(item)
            let html = String(buffer: try await browser.get(client, path).body)
            #expect(!html.contains("hoa.nguyen@example.vn"), "not shown until asked")
            let token = try #require(Self.csrf(for: "\(path)/contact", in: html))

            #expect(try await browser.post(client, "\(path)/contact", fields: [("csrf", "x")]).status == .forbidden)
            let shown = try await browser.post(client, "\(path)/contact", fields: [("csrf", token)])
            #expect(shown.status == .ok)
            #expect(String(buffer: shown.body).contains("hoa.nguyen@example.vn"))
            let reads = try await AuditLog(database: database).recent(limit: 20, logger: TestDatabase.logger)
                .filter { $0.action == "contact.read" }
            #expect(reads.count == 1, "the refused post read nothing")
            #expect(reads.first?.actorLogin == "lan")
        }
    }

    @Test func pagesRefuseCallersWithoutTheGrant() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "an", role: .analyst, unit: "LC")
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office)
            var anonymous = BrowserSession()
            #expect(try await anonymous.get(client, "/staff/feedback").status == .unauthorized)
            var (analyst, _) = try await StaffFixtures.signIn(client, "an")
            #expect(try await analyst.get(client, "/staff/feedback").status == .forbidden)
            #expect(try await analyst.get(client, Self.path(item)).status == .forbidden)
            let home = String(buffer: try await analyst.get(client, "/staff").body)
            #expect(!home.contains("href=\"/staff/feedback\""), "no link to what they may not open")
        }
    }
}
