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

/// The rating link and reopening on dissatisfaction (issue 15), through the pages and the API
/// people use, with the messages read back from the SMTP server scripts/test starts: the signed
/// link of the result message rates; a dissatisfied rating with a reason asks to reconsider; staff
/// reopen (the citizen is told, a fresh rating is asked at the next publication) or keep the
/// result with a reason (the citizen is told it); both count in QĐ 766 ratio 2.
@Suite(.timeLimit(.minutes(5)))
struct RatingLinkTests {
    static let office = StaffFeedbackAPITests.office

    /// The rating link of a `published` message, as a path and query the test client opens.
    static func ratingLink(in mail: ReceivedMail) -> String? {
        guard let start = mail.body.range(of: "https://pakn.example.vn/pakn/rating/") else { return nil }
        let rest = mail.body[start.lowerBound...]
        let link = rest.prefix { !$0.isWhitespace }
        return String(link.dropFirst("https://pakn.example.vn".count))
    }

    static func state(_ database: Database, _ item: UUID) async throws -> (state: String, round: Int) {
        try await database.query("""
            SELECT state, rating_round
            FROM feedback_items
            WHERE id = \(item)
            """, logger: TestDatabase.logger) { try $0.decode((String, Int).self) }[0]
    }

    static func ratings(_ database: Database, _ item: UUID) async throws -> [String] {
        try await database.query("""
            SELECT round || ':' || satisfied || ':' || by_link || ':' || COALESCE(reason, '')
            FROM feedback_ratings
            WHERE item_id = \(item)
            ORDER BY round
            """, logger: TestDatabase.logger) { try $0.decode(String.self) }
    }

    /// Walks an item through the API from receipt to publication, as handler `token`.
    static func publish(_ client: some TestClientProtocol, _ item: UUID, token: String, reply: String,
                        accept: Bool = true) async throws {
        var steps: [[String: Any]] = [["action": "assign", "assigneeUnit": office], ["action": "start"],
                                      ["action": "resolve", "publicReply": reply],
                                      ["action": "publish", "publicTitle": "Đường ở bản Cát Cát"]]
        if accept { steps.insert(["action": "accept"], at: 0) }
        for body in steps {
            let response = try await StaffFeedbackAPITests.transition(client, item, token: token, body)
            #expect(response.status == .ok, "\(body["action"] ?? ""): \(String(buffer: response.body))")
        }
    }

    /// The mails to `address` whose subject starts with `prefix`, once `count` of them arrived.
    static func mails(to address: String, subject prefix: String, count: Int) async throws -> [ReceivedMail] {
        var found: [ReceivedMail] = []
        for _ in 0..<600 {
            found = try ReceivedMail.all(to: address).filter { $0.decodedHeader("Subject")?.hasPrefix(prefix) == true }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        return found
    }

    @Test func aDissatisfiedRatingThroughTheLinkReopensAndTheNextPublicationAsksAFreshRating() async throws {
        let email = OutboxTests.address()
        try await TestApp.withApp(environment: try ReceivedMail.appEnvironment()) { client, database in
            // setup: an item with an email, published
            let staff = try await StaffFeedbackAPITests.staff(database)
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Đường hỏng ở bản Cát Cát",
                                                             contact: #"{"email": "\#(email)"}"#)
            let code = try await OutboxTests.trackingCode(database, item: item)
            try await Self.publish(client, item, token: staff.lan, reply: "Đã vá mặt đường.")
            let first = try await Self.mails(to: email, subject: "Kết quả xử lý", count: 1)
            try #require(first.count == 1)
            let link = try #require(Self.ratingLink(in: first[0]))
            #expect(link.hasSuffix("?lang=vi"))
            #expect(!link.contains(code), "the link does not carry the tracking code")
            let path = String(link.split(separator: "?")[0])

            // The link's page in the reader's language: English, and Hmong falling back to Vietnamese.
            var citizen = BrowserSession()
            let english = String(buffer: try await citizen.get(client, path + "?lang=en").body)
            #expect(english.contains("Are you satisfied with how this feedback was handled?"))
            let hmong = String(buffer: try await citizen.get(client, path + "?lang=hmn").body)
            #expect(hmong.contains(#"<html lang="hmn">"#))
            #expect(hmong.contains(#"<legend lang="vi">Anh/chị có hài lòng"#))

            // act: a reason too long is refused, kept in the form, and nothing is stored
            var page = try await citizen.get(client, link)
            #expect(page.status == .ok)
            var html = String(buffer: page.body)
            #expect(html.contains(#"<form id="rating" method="post" action="\#(path)""#))
            let csrf = try #require(BrowserSession.formToken(action: path, in: html))
            let long = String(repeating: "ổ gà ", count: 201)
            // (in the language the form was read in, which it posts back)
            page = try await citizen.post(client, path, fields: [("csrf", csrf), ("lang", "en"), ("satisfied", "no"),
                                                                 ("reason", long)])
            #expect(page.status == .unprocessableContent)
            html = String(buffer: page.body)
            #expect(html.contains("The reason is longer than 1000 characters"))
            #expect(html.contains(#"<input type="hidden" name="lang" value="en">"#))
            #expect(html.contains(long.trimmingCharacters(in: .whitespaces)))
            #expect(html.contains(#"value="no" checked"#))
            #expect(try await Self.ratings(database, item).isEmpty)
            // … then dissatisfied with a reason, decomposed as some keyboards send it
            let reason = "Đường vẫn còn ổ gà <b>to</b>"
            let decomposed = reason.decomposedStringWithCanonicalMapping
            page = try await citizen.post(client, path, fields: [("csrf", csrf), ("satisfied", "no"), ("reason", decomposed)])

            // validate: the item waits for staff, the rating is stored once, NFC
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == path + "?lang=vi")
            #expect(try await Self.state(database, item) == ("reopen_requested", 1))
            #expect(try await Self.ratings(database, item) == ["1:false:true:\(reason)"])
            html = String(buffer: try await citizen.get(client, link).body)
            #expect(!html.contains(#"<form id="rating""#))
            #expect(html.contains("Cảm ơn anh/chị đã đánh giá việc xử lý."))
            #expect(html.contains("Anh/chị đã đề nghị xem xét lại kết quả"))
            #expect(html.contains("Đã vá mặt đường."), "the result stays public while it is reconsidered")
            // The same post again stores nothing more.
            page = try await citizen.post(client, path, fields: [("csrf", csrf), ("satisfied", "yes")])
            #expect(page.status == .seeOther)
            #expect(try await Self.ratings(database, item).count == 1)

            // Staff see the request and its reason, escaped, with the two answers.
            var (browser, _) = try await StaffFixtures.signIn(client, "lan")
            let itemPath = "/staff/feedback/\(item.uuidString.lowercased())"
            html = String(buffer: try await browser.get(client, itemPath + "?lang=vi").body)
            #expect(html.contains("Người gửi đề nghị xem xét lại kết quả"))
            #expect(html.contains("Người dân đề nghị xem xét lại"))
            #expect(html.contains("Đường vẫn còn ổ gà &lt;b&gt;to&lt;/b&gt;"))
            #expect(html.contains(#"name="action" value="reopen""#))
            #expect(html.contains(#"name="action" value="close_reopen_request""#))
            #expect(html.contains("Đánh giá chưa hài lòng vẫn được tính"))

            // act: staff reopen it from the desk
            let token = try #require(BrowserSession.formToken(action: "\(itemPath)/transitions", in: html))
            page = try await browser.post(client, "\(itemPath)/transitions",
                                          fields: [("csrf", token), ("action", "reopen"), ("note", "Kiểm tra lại hiện trường")])
            #expect(page.status == .seeOther)

            // validate: in progress again, a new round, the citizen told
            #expect(try await Self.state(database, item) == ("in_progress", 2))
            let reopened = try await Self.mails(to: email, subject: "Phản ánh, kiến nghị \(code) được xem xét", count: 1)
            try #require(reopened.count == 1)
            #expect(reopened[0].body.contains("đã mở lại phản ánh, kiến nghị \(code)"))
            #expect(reopened[0].body.contains("https://pakn.example.vn/pakn/\(code)?lang=vi"))
            // The first link rates no more: its round was rated.
            html = String(buffer: try await citizen.get(client, link).body)
            #expect(!html.contains(#"<form id="rating""#))
            #expect(html.contains("Đang xử lý"))
            page = try await citizen.post(client, path, fields: [("csrf", csrf), ("satisfied", "yes")])
            #expect(page.status == .seeOther)
            #expect(try await Self.ratings(database, item).count == 1)

            // The next publication asks a fresh rating with a new link.
            try await Self.publish(client, item, token: staff.lan, reply: "Đã làm lại toàn bộ mặt đường.", accept: false)
            let second = try await Self.mails(to: email, subject: "Kết quả xử lý", count: 2)
            try #require(second.count == 2)
            let fresh = try #require(second.compactMap(Self.ratingLink).first { $0 != link })
            let freshPath = String(fresh.split(separator: "?")[0])
            html = String(buffer: try await citizen.get(client, fresh).body)
            let freshToken = try #require(BrowserSession.formToken(action: freshPath, in: html))
            page = try await citizen.post(client, freshPath, fields: [("csrf", freshToken), ("satisfied", "yes")])
            #expect(page.status == .seeOther)
            #expect(try await Self.state(database, item) == ("published", 2))
            #expect(try await Self.ratings(database, item) == ["1:false:true:\(reason)", "2:true:true:"])

            // A second item: rated dissatisfied with its tracking code, and staff keep the result.
            let other = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Đèn đường hỏng",
                                                              contact: #"{"email": "\#(email)"}"#)
            let otherCode = try await OutboxTests.trackingCode(database, item: other)
            try await Self.publish(client, other, token: staff.lan, reply: "Đã thay bóng đèn.")
            html = String(buffer: try await citizen.get(client, "/pakn/\(otherCode)?lang=vi").body)
            let codeToken = try #require(BrowserSession.formToken(action: "/pakn/\(otherCode)/rating", in: html))
            page = try await citizen.post(client, "/pakn/\(otherCode)/rating",
                                          fields: [("csrf", codeToken), ("satisfied", "no"), ("reason", "Đèn vẫn tắt")])
            #expect(page.status == .seeOther)
            #expect(try await Self.state(database, other) == ("reopen_requested", 1))
            let otherPath = "/staff/feedback/\(other.uuidString.lowercased())"
            html = String(buffer: try await browser.get(client, otherPath + "?lang=vi").body)
            let otherToken = try #require(BrowserSession.formToken(action: "\(otherPath)/transitions", in: html))
            // Without a reason: refused, nothing changes.
            page = try await browser.post(client, "\(otherPath)/transitions",
                                          fields: [("csrf", otherToken), ("action", "close_reopen_request"), ("closingReason", " ")])
            #expect(page.status == .unprocessableContent)
            #expect(try await Self.state(database, other) == ("reopen_requested", 1))
            let closing = "Kiểm tra ngày 2/12: đèn sáng bình thường."
            page = try await browser.post(client, "\(otherPath)/transitions",
                                          fields: [("csrf", otherToken), ("action", "close_reopen_request"), ("closingReason", closing)])
            #expect(page.status == .seeOther)
            #expect(try await Self.state(database, other) == ("published", 1))
            let declined = try await Self.mails(to: email, subject: "Trả lời đề nghị xem xét lại", count: 1)
            try #require(declined.count == 1)
            #expect(declined[0].body.contains(closing))
            html = String(buffer: try await citizen.get(client, "/pakn/\(otherCode)?lang=vi").body)
            #expect(html.contains("giữ nguyên kết quả, với lý do: \(closing)"))
            #expect(!html.contains(#"<form id="rating""#), "the round was rated: no new rating without a reopening")
            html = String(buffer: try await browser.get(client, otherPath + "?lang=vi").body)
            #expect(html.contains("Lý do giữ nguyên kết quả (đã gửi người dân): <span style=\"white-space:pre-line\">\(closing)"))

            // The figures: both dissatisfied items count in ratio 2, whatever came after; the
            // satisfaction share reads each item's latest rating, each item once.
            let year = try await database.query("SELECT received_on::text FROM feedback_items WHERE id = \(item)",
                                                logger: TestDatabase.logger) { try $0.decode(String.self) }[0].prefix(4)
            let qd766 = FeedbackFixtures.json(try await StaffFeedbackAPITests.get(
                client, "/api/v1/metrics/qd766?period=\(year)", token: staff.admin))
            let ratio = try #require(qd766["paknSatisfaction"] as? [String: Any])
            #expect(ratio["denominator"] as? Int == 2)
            #expect(ratio["numerator"] as? Int == 0)
            let counts = FeedbackFixtures.json(try await StaffFeedbackAPITests.get(
                client, "/api/v1/metrics/feedback?period=\(year)", token: staff.admin))
            #expect(counts["received"] as? Int == 2)
            #expect(counts["ratedTotal"] as? Int == 2)
            #expect(counts["ratedSatisfied"] as? Int == 1)
        }
    }

    @Test func linksThatAreNotOursOrHaveExpiredAreRefusedAndChangeNothing() async throws {
        let hand = ClockHand(Date())
        let keys = try DataKey.parseList(ReceivedMail.ratingLinkKeys).get()
        try await TestApp.withApp(environment: ["RATING_LINK_KEYS": ReceivedMail.ratingLinkKeys],
                                  clock: hand.clock) { client, database in
            // setup: a published item
            let staff = try await StaffFeedbackAPITests.staff(database)
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office)
            let code = try await OutboxTests.trackingCode(database, item: item)
            try await Self.publish(client, item, token: staff.lan, reply: "Đã giải quyết.")
            let links = RatingLinks(keys: keys, days: 14)
            let good = try #require(links.path(itemID: item, round: 1, publishedAt: hand.clock.now()))
            let other = RatingLinks(keys: try DataKey.parseList("r1:" + Data(repeating: 9, count: 32).base64EncodedString()).get(),
                                    days: 14)
            let forged = try #require(other.path(itemID: item, round: 1, publishedAt: hand.clock.now()))
            let expired = "/pakn/rating/" + RatingToken(itemID: item, round: 1, expiresAt: hand.clock.now().addingTimeInterval(-1))
                .signed(with: keys[0])
            var tampered = Array(good)
            tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
            let cases: [(String, HTTPResponse.Status)] = [
                (forged, .notFound), (String(tampered), .notFound), ("/pakn/rating/r1.AAAA.BBBB", .notFound),
                ("/pakn/rating/" + String(repeating: "x", count: 300), .notFound), ("/pakn/rating/%3Cscript%3E", .notFound),
                (expired, .gone),
            ]
            var citizen = BrowserSession()
            let page = String(buffer: try await citizen.get(client, good).body)
            let csrf = try #require(BrowserSession.formToken(action: good, in: page))
            for (path, status) in cases {
                let shown = try await citizen.get(client, path + "?lang=en")
                #expect(shown.status == status, "GET \(path.prefix(60))")
                #expect(shown.headers[.contentType]?.hasPrefix("text/html") == true)
                let posted = try await citizen.post(client, path, fields: [("csrf", csrf), ("satisfied", "no"), ("reason", "x")])
                #expect(posted.status == status, "POST \(path.prefix(60))")
            }
            #expect(String(buffer: try await citizen.get(client, expired + "?lang=en").body).contains("This rating link has expired."))
            #expect(try await Self.ratings(database, item).isEmpty)
            #expect(try await Self.state(database, item) == ("published", 1))

            // Fifteen days on, the tracking code no longer rates either.
            hand.set(hand.clock.now().addingTimeInterval(15 * 86_400))
            var html = String(buffer: try await citizen.get(client, "/pakn/\(code)?lang=vi").body)
            #expect(html.contains("Đã hết thời hạn đánh giá kết quả xử lý này."))
            #expect(!html.contains(#"<form id="rating""#))
            let token = BadInputFixtures.csrfToken(action: "/pakn/\(code)/rating")
            let late = try await client.execute(uri: "/pakn/\(code)/rating", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded",
                                                          .cookie: "\(CSRFProtection.cookieName)=\(BadInputFixtures.csrfCookie)"],
                                                body: ByteBuffer(string: "csrf=\(token)&satisfied=yes"))
            #expect(late.status == .conflict)
            #expect(String(buffer: try await citizen.get(client, good).body).contains("Đường dẫn đánh giá đã hết hạn"))
            #expect(try await Self.ratings(database, item).isEmpty)
        }
    }
}
