import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import CivicWeb

/// The messages to citizens, end to end: written in the transaction of the change, sent by the
/// background worker through a real SMTP server (aiosmtpd with STARTTLS and AUTH, started by
/// scripts/test), read back from what that server received.
@Suite(.timeLimit(.minutes(5)))
struct OutboxTests {
    static let office = StaffFeedbackAPITests.office

    /// An address of the test's own, so that its messages are told apart in the shared Maildir.
    static func address() -> String {
        "citizen.\(UUID().uuidString.prefix(8).lowercased())@example.vn"
    }

    /// The item's messages as (kind, state), oldest first, once none is queued any more (the
    /// background worker runs every 2 s); what is still queued after a minute is returned as it is.
    static func settledMessages(_ database: Database, item: UUID) async throws -> [String] {
        var rows: [String] = []
        for _ in 0..<600 {
            rows = try await database.query("""
                SELECT kind || ':' || state
                FROM outbox_messages
                WHERE item_id = \(item)
                ORDER BY created_at, id
                """, logger: TestDatabase.logger) { try $0.decode(String.self) }
            if !rows.contains(where: { $0.hasSuffix(":queued") }) { return rows }
            try await Task.sleep(for: .milliseconds(100))
        }
        return rows
    }

    static func trackingCode(_ database: Database, item: UUID) async throws -> String {
        try await database.query("""
            SELECT tracking_code
            FROM feedback_items
            WHERE id = \(item)
            """, logger: TestDatabase.logger) { try $0.decode(String.self) }[0]
    }

    static func messageIDs(_ database: Database, item: UUID) async throws -> [UUID] {
        try await database.query("""
            SELECT id
            FROM outbox_messages
            WHERE item_id = \(item)
            ORDER BY created_at, id
            """, logger: TestDatabase.logger) { try $0.decode(UUID.self) }
    }

    @Test func aCitizenWhoGaveAnEmailIsWrittenAtReceiptAcceptanceAndPublication() async throws {
        let email = Self.address()
        let lines = CapturingLogHandler.Lines()
        try await TestApp.withApp(environment: try ReceivedMail.appEnvironment(),
                                  logger: CapturingLogHandler.logger(lines)) { client, database in
            // setup
            let staff = try await StaffFeedbackAPITests.staff(database)
            let contact = #"{"name": "Nguyễn Thị Hoa", "email": "\#(email)", "phone": "0912 345 678"}"#
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Đường hỏng ở bản Cát Cát",
                                                             contact: contact)
            let silent = try await FeedbackFixtures.createItem(client, unit: Self.office)
            let phoneOnly = try await FeedbackFixtures.createItem(client, unit: Self.office, contact: #"{"phone": "0987654321"}"#)
            let code = try await Self.trackingCode(database, item: item)

            // act + validate: the receipt
            #expect(try await Self.settledMessages(database, item: item) == ["receipt:sent"])
            var mails = try ReceivedMail.all(to: email)
            try #require(mails.count == 1)
            let receipt = mails[0]
            let ids = try await Self.messageIDs(database, item: item)
            #expect(receipt.decodedHeader("Subject") == "Đã tiếp nhận phản ánh, kiến nghị \(code)")
            #expect(receipt.decodedHeader("From") == "Sở Văn hoá và Thể thao <pakn@civicvoice.test>")
            #expect(receipt.header("To") == "<\(email)>")
            #expect(receipt.header("Message-ID") == "<\(ids[0].uuidString.lowercased())@civicvoice.test>")
            #expect(receipt.header("Content-Type") == "text/plain; charset=UTF-8")
            #expect(receipt.header("Content-Language") == "vi")
            #expect(receipt.header("Auto-Submitted") == "auto-generated")
            #expect(receipt.header("X-MailFrom") == "pakn@civicvoice.test")
            #expect(receipt.body.contains("Cơ quan đã tiếp nhận phản ánh, kiến nghị của Ông/Bà."))
            #expect(receipt.body.contains("Mã tra cứu: \(code)"))
            #expect(receipt.body.contains("https://pakn.example.vn/pakn/\(code)?lang=vi"))

            // acceptance, with the due date the item was given
            let accepted = try await StaffFeedbackAPITests.transition(client, item, token: staff.lan, ["action": "accept"])
            #expect(accepted.status == .ok)
            let detail = FeedbackFixtures.json(try await StaffFeedbackAPITests.get(
                client, "/api/v1/staff/feedback/\(item.uuidString.lowercased())", token: staff.lan))
            let dueOn = try #require(CalendarDate((detail["item"] as? [String: Any])?["dueOn"] as? String ?? ""))
            #expect(try await Self.settledMessages(database, item: item) == ["receipt:sent", "accepted:sent"])
            mails = try ReceivedMail.all(to: email)
            try #require(mails.count == 2)
            let acceptance = try #require(mails.first { $0.decodedHeader("Subject")?.contains("thụ lý") == true })
            #expect(acceptance.decodedHeader("Subject") == "Phản ánh, kiến nghị \(code) đã được thụ lý")
            #expect(acceptance.body.contains("Thời hạn xử lý: đến hết ngày \(String(format: "%02d/%02d/%04d", dueOn.day, dueOn.month, dueOn.year))."))

            // the steps in between send nothing; publication sends the reply and the rating link
            let reply = "Đã sửa đường; xe đi lại bình thường từ ngày 5."
            for body: [String: Any] in [["action": "assign", "assigneeUnit": Self.office], ["action": "start"],
                                        ["action": "resolve", "publicReply": reply], ["action": "publish", "publicTitle": "Đường ở Cát Cát"]] {
                let response = try await StaffFeedbackAPITests.transition(client, item, token: staff.lan, body)
                #expect(response.status == .ok, "\(body["action"] ?? ""): \(String(buffer: response.body))")
            }
            #expect(try await Self.settledMessages(database, item: item) == ["receipt:sent", "accepted:sent", "published:sent"])
            mails = try ReceivedMail.all(to: email)
            try #require(mails.count == 3)
            let published = try #require(mails.first { $0.decodedHeader("Subject")?.hasPrefix("Kết quả") == true })
            #expect(published.decodedHeader("Subject") == "Kết quả xử lý phản ánh, kiến nghị \(code)")
            #expect(published.body.contains(reply))
            #expect(published.body.contains("(đường dẫn có hiệu lực trong 14 ngày)"))
            // The signed rating link leads to the item's page, where the rating form is.
            let link = try #require(RatingLinkTests.ratingLink(in: published))
            let status = String(buffer: try await client.execute(uri: link, method: .get).body)
            #expect(status.contains(#"<form id="rating" method="post" action="\#(link.split(separator: "?")[0])""#))
            #expect(status.contains(code))

            // No email, no consent: nothing queued.
            #expect(try await Self.messageIDs(database, item: silent).isEmpty)
            #expect(try await Self.messageIDs(database, item: phoneOnly).isEmpty)

            // Staff see the messages on the item (API and page), without address or text.
            let messages = try #require((FeedbackFixtures.json(try await StaffFeedbackAPITests.get(
                client, "/api/v1/staff/feedback/\(item.uuidString.lowercased())", token: staff.lan))["messages"]) as? [[String: Any]])
            #expect(messages.map { $0["kind"] as? String ?? "" } == ["receipt", "accepted", "published"])
            #expect(messages.allSatisfy { $0["state"] as? String == "sent" && $0["attempts"] as? Int == 1 })
            var (browser, _) = try await StaffFixtures.signIn(client, "lan")
            let page = String(buffer: try await browser.get(client, "/staff/feedback/\(item.uuidString.lowercased())?lang=vi").body)
            #expect(page.contains("Thư gửi người dân"))
            #expect(page.contains("<b>Xác nhận đã tiếp nhận</b>: đã gửi"))
            #expect(page.contains("<b>Kết quả xử lý và đường dẫn đánh giá</b>: đã gửi"))
            #expect(!page.contains(email))
            let silentPage = String(buffer: try await browser.get(client, "/staff/feedback/\(silent.uuidString.lowercased())?lang=vi").body)
            #expect(silentPage.contains("Chưa có thư nào"))

            // /metrics counts them.
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"civicvoice_outbox_deliveries_total{result="sent"}"#))
            #expect(metrics.contains(#"civicvoice_outbox_messages{state="queued"} 0"#))

            // Nothing logged carries the address; the sender's lines carry no code either (they
            // name the message by its id).
            #expect(lines.all.contains { $0.contains("outbox message sent") })
            for line in lines.all {
                #expect(!line.contains(email), "address logged: \(line)")
                if line.contains("outbox") { #expect(!line.contains(code), "tracking code logged: \(line)") }
            }
        }
    }

    @Test func outOfScopeSaysWhereToGoInTheCitizensLanguageAndFallsBackToVietnamese() async throws {
        let english = Self.address()
        let hmong = Self.address()
        try await TestApp.withApp(environment: try ReceivedMail.appEnvironment()) { client, database in
            // setup
            let staff = try await StaffFeedbackAPITests.staff(database)
            let inEnglish = try await FeedbackFixtures.createItem(client, unit: Self.office, contact: #"{"email": "\#(english)"}"#,
                                                                  language: "en")
            let inHmong = try await FeedbackFixtures.createItem(client, unit: Self.office, contact: #"{"email": "\#(hmong)"}"#,
                                                                language: "hmn")

            // act
            let redirect = "Thanh tra tỉnh Lào Cai, 1 đường Hoàng Liên"
            let response = try await StaffFeedbackAPITests.transition(
                client, inEnglish, token: staff.lan,
                ["action": "mark_out_of_scope", "outOfScopeReason": "complaint", "redirectTo": redirect])
            #expect(response.status == .ok, "\(String(buffer: response.body))")

            // validate: English templates for the English item …
            #expect(try await Self.settledMessages(database, item: inEnglish) == ["receipt:sent", "out_of_scope:sent"])
            let code = try await Self.trackingCode(database, item: inEnglish)
            let mails = try ReceivedMail.all(to: english)
            try #require(mails.count == 2)
            let outOfScope = try #require(mails.first { $0.decodedHeader("Subject")?.contains("cannot be handled") == true })
            #expect(outOfScope.decodedHeader("Subject") == "Your feedback \(code) cannot be handled here")
            #expect(outOfScope.header("Content-Language") == "en")
            #expect(outOfScope.body.contains("Please contact: \(redirect)"))
            // … and Vietnamese for Hmong, which has no messages of its own yet.
            #expect(try await Self.settledMessages(database, item: inHmong) == ["receipt:sent"])
            let hmongMails = try ReceivedMail.all(to: hmong)
            try #require(hmongMails.count == 1)
            #expect(hmongMails[0].header("Content-Language") == "vi")
            #expect(hmongMails[0].decodedHeader("Subject")?.hasPrefix("Đã tiếp nhận phản ánh, kiến nghị") == true)
            #expect(hmongMails[0].body.contains("?lang=hmn"))
        }
    }

    /// A worker of the test's own on the application's database (the application itself runs
    /// none: no SMTP_URL), sending through `url`.
    static func worker(_ database: Database, url: String, maximumAttempts: Int = 3,
                       firstDelay: Duration = .seconds(60), logger: Logger = TestDatabase.logger) throws -> OutboxWorker {
        let smtp = try SMTPClient(url: try SMTPURL(parsing: url), heloName: "pakn.example.vn",
                                  caFile: try ReceivedMail.environment().caFile, timeout: .seconds(20))
        let vault = try ContactVault(database: database, keys: try DataKey.parseList(TestApp.dataKeys).get())
        let sender = MessageSender(smtp: smtp, from: try #require(MailAddress(parsing: "pakn@civicvoice.test")), vault: vault,
                                   templates: TestApp.forms.workflow.messages, publicBaseURL: "https://pakn.example.vn",
                                   links: RatingLinks(keys: try DataKey.parseList(ReceivedMail.ratingLinkKeys).get(), days: 14),
                                   clock: .system)
        return OutboxWorker(outbox: Outbox(database: database.with(deadline: .seconds(60)), maximumAttempts: maximumAttempts,
                                           firstDelay: firstDelay),
                            sender: sender, logger: logger)
    }

    static func row(_ database: Database, item: UUID) async throws -> (state: String, attempts: Int, error: String?, delay: Double) {
        try await database.query("""
            SELECT state, attempts, last_error, extract(epoch FROM next_attempt_at - updated_at)::float8
            FROM outbox_messages
            WHERE item_id = \(item)
            """, logger: TestDatabase.logger) { try $0.decode((String, Int, String?, Double).self) }[0]
    }

    @Test func aRelayThatIsDownIsRetriedWithBackoffThenGivenUpWithItsReason() async throws {
        try await TestApp.withApp { client, database in
            // setup: an item queued, a relay on a port nobody listens on
            let item = try await FeedbackFixtures.createItem(client, unit: nil, contact: #"{"email": "\#(Self.address())"}"#)
            let closed = try ServerPort.closed()
            let worker = try Self.worker(database, url: "smtp://127.0.0.1:\(closed)")

            // act + validate: first attempt, queued again in 60 s
            #expect(try await worker.deliverDue() == 1)
            var row = try await Self.row(database, item: item)
            #expect(row.state == "queued")
            #expect(row.attempts == 1)
            #expect(row.delay == 60)
            #expect(row.error?.isEmpty == false)
            // not due yet: nothing tried
            #expect(try await worker.deliverDue() == 0)
            // due again: the wait doubles
            try await database.execute("UPDATE outbox_messages SET next_attempt_at = now() WHERE item_id = \(item)",
                                       logger: TestDatabase.logger)
            #expect(try await worker.deliverDue() == 1)
            row = try await Self.row(database, item: item)
            #expect(row.attempts == 2)
            #expect(row.delay == 120)
            // the third and last attempt gives up, with the reason
            try await database.execute("UPDATE outbox_messages SET next_attempt_at = now() WHERE item_id = \(item)",
                                       logger: TestDatabase.logger)
            #expect(try await worker.deliverDue() == 1)
            row = try await Self.row(database, item: item)
            #expect(row.state == "failed")
            #expect(row.attempts == 3)
            #expect(row.error?.hasPrefix("gave up after 3 attempts: ") == true)
            #expect(try await Outbox(database: database).counts(logger: TestDatabase.logger).failed == 1)
        }
    }

    @Test func aRefusedPasswordFailsAtOnceAndAnErasedAddressIsNotSent() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let refused = try await FeedbackFixtures.createItem(client, unit: nil, contact: #"{"email": "\#(Self.address())"}"#)
            let smtp = try ReceivedMail.environment()
            let wrong = smtp.url.replacingOccurrences(of: ":test-relay-password@", with: ":wrong-password@")
            #expect(wrong != smtp.url)

            // act + validate: 535 is permanent
            #expect(try await Self.worker(database, url: wrong).deliverDue() == 1)
            let row = try await Self.row(database, item: refused)
            #expect(row.state == "failed")
            #expect(row.attempts == 1)
            #expect(row.error?.hasPrefix("AUTH refused: 535") == true, "\(row.error ?? "")")
            #expect(row.error?.contains("wrong-password") == false)

            // An address erased after the message was queued is not written to.
            let erasedAddress = Self.address()
            let erased = try await FeedbackFixtures.createItem(client, unit: nil, contact: #"{"email": "\#(erasedAddress)"}"#)
            let vault = try ContactVault(database: database, keys: try DataKey.parseList(TestApp.dataKeys).get())
            let ids = try await FeedbackStore(database: database).contactIDs(ofItem: erased, logger: TestDatabase.logger)
            _ = try await vault.erase(ids, by: StaffFixtures.cli, logger: TestDatabase.logger)
            #expect(try await Self.worker(database, url: smtp.url).deliverDue() == 1)
            let erasedRow = try await Self.row(database, item: erased)
            #expect(erasedRow.state == "failed")
            #expect(erasedRow.error == "no address: the contact details were erased")
            #expect(try ReceivedMail.all(to: erasedAddress).isEmpty)
        }
    }

    @Test func twoWorkersSendEachMessageOnce() async throws {
        let email = Self.address()
        try await TestApp.withApp { client, database in
            // setup: six items of one citizen, queued
            var items: [UUID] = []
            for _ in 0..<6 {
                items.append(try await FeedbackFixtures.createItem(client, unit: nil, contact: #"{"email": "\#(email)"}"#))
            }
            let url = try ReceivedMail.environment().url
            let first = try Self.worker(database, url: url)
            let second = try Self.worker(database, url: url)

            // act: both at once, as two servers would
            async let a = first.deliverDue()
            async let b = second.deliverDue()
            let tried = try await a + b

            // validate: six tried in all, six received, each once
            #expect(tried == 6)
            let mails = try ReceivedMail.all(to: email)
            #expect(mails.count == 6)
            #expect(Set(mails.compactMap { $0.header("Message-ID") }).count == 6)
            for item in items {
                let row = try await Self.row(database, item: item)
                #expect(row.state == "sent" && row.attempts == 1)
            }
        }
    }
}

/// A TCP port on loopback that nothing listens on: bound to let the system choose it, then closed.
enum ServerPort {
    struct Unavailable: Error {}

    static func closed() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable() }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw Unavailable() }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
