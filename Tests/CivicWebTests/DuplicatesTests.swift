import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// Likely duplicates (pg_trgm on the mark-free title and text) and linked items, through the
/// desk's pages and API: one handling and one reply reach every linked citizen, each with their
/// own code, result message and rating; the figures count each citizen's item.
@Suite(.timeLimit(.minutes(5)))
struct DuplicatesTests {
    static let office = StaffFeedbackAPITests.office

    @Test func theSameRoadWithAndWithoutMarksIsFoundLinkedAndAnsweredOnce() async throws {
        let first = OutboxTests.address()
        let second = OutboxTests.address()
        try await TestApp.withApp { client, database in
            // setup: one broken road reported twice, once without marks; an unrelated item of the
            // same unit; the same road in another department, outside minh's scope
            let staff = try await StaffFeedbackAPITests.staff(database)
            let main = try await FeedbackFixtures.createItem(
                client, unit: Self.office, title: "đường hỏng ở bản Cát Cát",
                content: "Mặt đường ở bản Cát Cát bị sụt lún, xe máy không đi được.", contact: #"{"email": "\#(first)"}"#)
            let duplicate = try await FeedbackFixtures.createItem(
                client, unit: Self.office, title: "Duong hong o ban Cat Cat",
                content: "Mat duong o ban Cat Cat bi sut lun, xe may khong di duoc.", contact: #"{"email": "\#(second)"}"#)
            let unrelated = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Thủ tục cấp phép chậm",
                                                                  content: "Hồ sơ nộp từ tháng trước chưa có kết quả.")
            let elsewhere = try await FeedbackFixtures.createItem(client, unit: StaffFeedbackAPITests.otherDepartment,
                                                                  title: "Đường hỏng ở bản Cát Cát", category: "regulation")
            var codes: [String] = []
            for item in [main, duplicate, unrelated, elsewhere] { codes.append(try await OutboxTests.trackingCode(database, item: item)) }

            // act + validate: the store finds the pair, fully similar, and nothing unrelated
            let store = FeedbackStore(database: database)
            let found = try await store.likelyDuplicates(of: duplicate, unitIDs: nil, logger: TestDatabase.logger)
            #expect(found.first?.id == main)
            #expect(found.first?.similarity == 1)
            #expect(!found.contains { $0.id == unrelated })

            // The item page shows it to minh (the office's handler), not the other department's item.
            var (minh, _) = try await StaffFixtures.signIn(client, "minh")
            let path = "/staff/feedback/\(duplicate.uuidString.lowercased())"
            var page = String(buffer: try await minh.get(client, "\(path)?lang=vi").body)
            #expect(page.contains("Phản ánh có thể trùng lặp"))
            #expect(page.contains(codes[0]))
            #expect(page.contains("giống 100%"))
            #expect(!page.contains(codes[2]))
            #expect(!page.contains(codes[3]), "outside the handler's scope")

            // Minh links the duplicate to the main item, through the page's form.
            let token = try #require(BrowserSession.formToken(action: "\(path)/link", in: page))
            let linked = try await minh.post(client, "\(path)/link", fields: [("csrf", token), ("main", main.uuidString.lowercased())])
            #expect(linked.status == .seeOther)
            page = String(buffer: try await minh.get(client, "\(path)?lang=vi").body)
            #expect(page.contains("Đã gộp vào phản ánh chính:"))
            let mainPath = "/staff/feedback/\(main.uuidString.lowercased())"
            let mainPage = String(buffer: try await minh.get(client, "\(mainPath)?lang=vi").body)
            #expect(mainPage.contains(codes[1]))
            #expect(BrowserSession.formToken(action: "\(mainPath)/link", in: mainPage) == nil, "no link form on a main item")
            // A main item cannot itself be linked, nor an item to a duplicate: nothing changes.
            let actor = FeedbackStore.Actor(userID: nil, login: "cli:test")
            #expect(try await store.link(itemID: main, to: unrelated, unitIDs: nil, actor: actor, logger: TestDatabase.logger)
                == .refused(.itemHasDuplicates))
            #expect(try await store.link(itemID: unrelated, to: duplicate, unitIDs: nil, actor: actor, logger: TestDatabase.logger)
                == .refused(.mainNotLinkable))
            let mains = try await database.query("""
                SELECT tracking_code
                FROM feedback_items
                WHERE main_item_id IS NOT NULL
                """, logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(mains == [codes[1]])

            // One handling of the main item reaches the linked one.
            let reply = "Đã sửa mặt đường ở bản Cát Cát; xe đi lại bình thường."
            for body: [String: Any] in [["action": "accept"], ["action": "assign", "assigneeUnit": Self.office], ["action": "start"],
                                        ["action": "resolve", "publicReply": reply], ["action": "publish", "publicTitle": "Đường ở bản Cát Cát"]] {
                let response = try await StaffFeedbackAPITests.transition(client, main, token: staff.lan, body)
                #expect(response.status == .ok, "\(body["action"] ?? ""): \(String(buffer: response.body))")
            }
            let states = try await database.query("""
                SELECT tracking_code || ' ' || state || ' ' || COALESCE(public_reply, '-')
                FROM feedback_items
                WHERE id IN (\(main), \(duplicate), \(unrelated))
                ORDER BY tracking_code
                """, logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(states == ["\(codes[0]) published \(reply)", "\(codes[1]) published \(reply)", "\(codes[2]) received -"])
            let events = try await database.query("""
                SELECT action || ':' || COALESCE(details ->> 'mainItem', '')
                FROM feedback_events
                WHERE item_id = \(duplicate)
                ORDER BY id
                """, logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(events == ["receive:", "link:\(codes[0])", "resolve:\(codes[0])", "publish:\(codes[0])"])

            // Each citizen gets their own result message, with their own code and rating link.
            let worker = try OutboxTests.worker(database, url: try ReceivedMail.environment().url)
            _ = try await worker.deliverDue()
            for (address, code) in [(first, codes[0]), (second, codes[1])] {
                let mails = try ReceivedMail.all(to: address)
                let published = try #require(mails.first { $0.decodedHeader("Subject")?.hasPrefix("Kết quả") == true }, "\(code)")
                #expect(published.decodedHeader("Subject") == "Kết quả xử lý phản ánh, kiến nghị \(code)")
                #expect(published.body.contains(reply))
                #expect(RatingLinkTests.ratingLink(in: published) != nil)
            }
            // Each rates their own item.
            let rated = try await store.rate(.trackingCode(codes[1]), satisfied: true, reason: nil, ratingDays: 14, now: Date(),
                                             logger: TestDatabase.logger)
            #expect(rated == .recorded(reopenRequested: false))
            let ratings = try await database.query("SELECT item_id FROM feedback_ratings", logger: TestDatabase.logger) {
                try $0.decode(UUID.self)
            }
            #expect(ratings == [duplicate])

            // The figures count each citizen's item as handled.
            let year = codes[0].dropFirst(5).prefix(4)
            let counts = FeedbackFixtures.json(try await StaffFeedbackAPITests.get(
                client, "/api/v1/metrics/feedback?period=\(year)&unit=\(StaffFeedbackAPITests.department)", token: staff.admin))
            #expect(counts["received"] as? Int == 3)
            #expect(counts["resolved"] as? Int == 2, "\(counts)")
        }
    }
}
