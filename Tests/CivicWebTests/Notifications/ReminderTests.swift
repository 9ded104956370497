import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import CivicWeb

/// Reminders and escalation, end to end: staff set their work email through the account pages,
/// the scan (on a test clock) writes each stage once through the outbox, a worker sends them
/// through the real SMTP server scripts/test starts (aiosmtpd), and the test reads what it
/// received from its Maildir.
@Suite(.timeLimit(.minutes(5)))
struct ReminderTests {
    static let office = StaffFeedbackAPITests.office

    /// 09:00 in Vietnam on `day`.
    static func morning(_ day: CalendarDate) -> Date {
        day.startInVietnam.addingTimeInterval(9 * 3600)
    }

    static func address(_ login: String) -> String {
        "\(login).\(UUID().uuidString.prefix(8).lowercased())@laocai.gov.vn"
    }

    static func submit(_ browser: inout BrowserSession, _ client: some TestClientProtocol, page: String, action: String,
                       email: String) async throws -> TestResponse {
        try await AdminUsersPagesTests.submit(&browser, client, page: page, action: action, fields: [("email", email)])
    }

    @Test func theAssigneeIsRemindedAtEachLeadAndTheParentUnitWhenOverdueEachStageOnce() async throws {
        // setup: a Tuesday morning; minh handles the office, lan its department (the parent unit)
        let calendar = TestApp.forms.workflow.calendar
        let start = try #require(CalendarDate(year: 2026, month: 12, day: 1))
        let hand = ClockHand(Self.morning(start))
        let minhAddress = Self.address("minh")
        let lanAddress = Self.address("lan")
        let lines = CapturingLogHandler.Lines()
        let logger = CapturingLogHandler.logger(lines)
        try await TestApp.withApp(logger: logger, clock: hand.clock) { client, database in
            let staff = try await StaffFeedbackAPITests.staff(database)

            // Minh sets his own address on his account page, typed with spaces and capitals: kept
            // normalised. A malformed one is refused with the page again, the typed text kept.
            var (minh, _) = try await StaffFixtures.signIn(client, "minh")
            let refused = try await Self.submit(&minh, client, page: "/staff/account?lang=vi", action: "/staff/account/email",
                                                email: "minh@@laocai")
            #expect(refused.status == .unprocessableContent)
            let refusedPage = String(buffer: refused.body)
            #expect(refusedPage.contains("Địa chỉ email không hợp lệ"))
            #expect(refusedPage.contains(#"value="minh@@laocai""#))
            let saved = try await Self.submit(&minh, client, page: "/staff/account", action: "/staff/account/email",
                                              email: "  \(minhAddress.uppercased()) ")
            #expect(saved.status == .seeOther)
            let accountPage = String(buffer: try await minh.get(client, "/staff/account?done=email&lang=vi").body)
            #expect(accountPage.contains("Đã lưu địa chỉ email."))
            #expect(accountPage.contains(#"value="\#(minhAddress)""#))
            // An admin sets lan's, on lan's account page.
            var (admin, _) = try await StaffFixtures.signIn(client, "root")
            let adminSaved = try await Self.submit(&admin, client, page: "/staff/admin/users/lan",
                                                   action: "/staff/admin/users/lan/email", email: lanAddress)
            #expect(adminSaved.status == .seeOther)
            #expect(adminSaved.headers[.location] == "/staff/admin/users/lan?done=email")
            #expect(String(buffer: try await admin.get(client, "/staff/admin/users/lan").body).contains(#"value="\#(lanAddress)""#))

            // The addresses are sealed: not in the contacts rows, not in the audit log.
            let sealed = try await database.query("""
                SELECT c.subject_kind, encode(c.ciphertext, 'escape')
                FROM users u
                JOIN contacts c ON c.id = u.email_contact_id
                ORDER BY u.login
                """, logger: TestDatabase.logger) { try $0.decode((String, String).self) }
            #expect(sealed.map(\.0) == ["staff_user", "staff_user"])
            #expect(sealed.allSatisfy { !$0.1.contains("laocai") })
            let audited = try await database.query("""
                SELECT actor_login || ' ' || object_id || ' ' || details::text
                FROM audit_log
                WHERE action = 'user.email'
                ORDER BY id
                """, logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(audited == [#"minh minh {"email": "set"}"#, #"root lan {"email": "set"}"#])

            // Two items of the office, accepted today: one assigned to minh, one to the office only.
            var items: [UUID] = []
            for (title, login) in [("Đường hỏng ở bản Cát Cát", "minh"), ("Đèn đường không sáng", nil)] as [(String, String?)] {
                let item = try await FeedbackFixtures.createItem(client, unit: Self.office, title: title)
                var assign: [String: Any] = ["action": "assign", "assigneeUnit": Self.office]
                if let login { assign["assigneeLogin"] = login }
                for body in [["action": "accept"], assign] {
                    let response = try await StaffFeedbackAPITests.transition(client, item, token: staff.lan, body)
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                }
                items.append(item)
            }
            let detail = FeedbackFixtures.json(try await StaffFeedbackAPITests.get(
                client, "/api/v1/staff/feedback/\(items[0].uuidString.lowercased())", token: staff.lan))
            let due = try #require(CalendarDate((detail["item"] as? [String: Any])?["dueOn"] as? String ?? ""))
            #expect(due == calendar.addingWorkingDays(10, to: start))
            let codes = [try await OutboxTests.trackingCode(database, item: items[0]),
                         try await OutboxTests.trackingCode(database, item: items[1])]
            let unitName = try await database.query("SELECT names->>'vi' FROM units WHERE code = \(Self.office)",
                                                    logger: TestDatabase.logger) { try $0.decode(String.self) }[0]

            let policy = ReminderPolicy(calendar: calendar)
            func scanner() -> ReminderScanner {
                ReminderScanner(store: ReminderStore(database: database), policy: policy, clock: hand.clock, logger: logger)
            }
            let worker = try OutboxTests.worker(database, url: try ReceivedMail.environment().url, logger: logger)

            // act + validate: nothing to say on the day of acceptance
            #expect(try await scanner().scan().total == 0)

            // three working days before: both reminded (the office-only one to the office's
            // handler), and the office's digest; two servers scanning at once write each once
            hand.set(Self.morning(calendar.addingWorkingDays(-3, to: due)))
            async let first = scanner().scan()
            async let second = scanner().scan()
            let (a, b) = try await (first, second)
            #expect(a.reminders + b.reminders == 2)
            #expect(a.digests + b.digests == 1)
            #expect(a.overdue + b.overdue == 0)
            // a restarted server finds nothing new that day
            #expect(try await scanner().scan().total == 0)
            #expect(try await worker.deliverDue() == 3)
            var mails = try ReceivedMail.all(to: minhAddress)
            try #require(mails.count == 3)
            let reminder = try #require(mails.first { $0.decodedHeader("Subject")?.contains(codes[0]) == true })
            #expect(reminder.decodedHeader("Subject") == "Nhắc hạn: phản ánh, kiến nghị \(codes[0]) đến hạn ngày \(due.dayMonthYear)")
            #expect(reminder.header("To") == "<\(minhAddress)>")
            #expect(reminder.header("Content-Language") == "vi")
            #expect(reminder.header("Auto-Submitted") == "auto-generated")
            let reminderIDs = try await database.query("""
                SELECT id, contact_id IS NULL, recipient_user_id = (SELECT id FROM users WHERE login = 'minh')
                FROM outbox_messages
                WHERE item_id = \(items[0])
                """, logger: TestDatabase.logger) { try $0.decode((UUID, Bool, Bool).self) }
            try #require(reminderIDs.count == 1)
            #expect(reminderIDs[0].1 && reminderIDs[0].2)
            #expect(reminder.header("Message-ID") == "<\(reminderIDs[0].0.uuidString.lowercased())@civicvoice.test>")
            #expect(reminder.body.contains("Tiêu đề: Đường hỏng ở bản Cát Cát"))
            #expect(reminder.body.contains("Đơn vị: \(unitName)"))
            #expect(reminder.body.contains("Thời hạn: đến hết ngày \(due.dayMonthYear) (còn 3 ngày làm việc)."))
            #expect(reminder.body.contains("https://pakn.example.vn/staff/feedback/\(items[0].uuidString.lowercased())"))
            #expect(mails.contains { $0.decodedHeader("Subject")?.contains(codes[1]) == true })
            let digest = try #require(mails.first { $0.decodedHeader("Subject")?.hasPrefix("Phản ánh, kiến nghị cần xử lý") == true })
            let today = calendar.addingWorkingDays(-3, to: due)
            #expect(digest.decodedHeader("Subject") == "Phản ánh, kiến nghị cần xử lý của \(unitName) ngày \(today.dayMonthYear)")
            #expect(digest.body.contains("Quá hạn (0):\n—"))
            #expect(digest.body.contains("Sắp đến hạn (2):"))
            #expect(digest.body.contains("- \(due.dayMonthYear)  \(codes[0])  Đường hỏng ở bản Cát Cát"))
            #expect(digest.body.contains("- \(due.dayMonthYear)  \(codes[1])  Đèn đường không sáng"))
            #expect(digest.body.contains("https://pakn.example.vn/staff/feedback?unit=\(Self.office)&order=due"))
            #expect(try ReceivedMail.all(to: lanAddress).isEmpty, "the department has no items of its own")

            // the next working day is still within the 3-day stage: a digest only
            hand.set(Self.morning(calendar.addingWorkingDays(-2, to: due)))
            #expect(try await scanner().scan() == .init(reminders: 0, overdue: 0, digests: 1))
            // one working day before: the 1-day reminders
            hand.set(Self.morning(calendar.addingWorkingDays(-1, to: due)))
            #expect(try await scanner().scan() == .init(reminders: 2, overdue: 0, digests: 1))
            #expect(try await worker.deliverDue() == 4)
            mails = try ReceivedMail.all(to: minhAddress)
            #expect(mails.filter { $0.body.contains("(còn 1 ngày làm việc)") }.count == 2)

            // past the due date: the parent unit's handler (lan) is told of both, once
            let after = calendar.addingWorkingDays(1, to: due)
            hand.set(Self.morning(after))
            #expect(try await scanner().scan() == .init(reminders: 0, overdue: 2, digests: 1))
            #expect(try await scanner().scan().total == 0)
            // and nothing at all on a day off
            var dayOff = after
            while calendar.isWorkingDay(dayOff) { dayOff = dayOff.adding(days: 1) }
            hand.set(Self.morning(dayOff))
            #expect(try await scanner().scan().total == 0)
            #expect(try await worker.deliverDue() == 3)
            let overdue = try ReceivedMail.all(to: lanAddress)
            try #require(overdue.count == 2)
            let overdueMail = try #require(overdue.first { $0.decodedHeader("Subject")?.contains(codes[0]) == true })
            #expect(overdueMail.decodedHeader("Subject") == "Quá hạn: phản ánh, kiến nghị \(codes[0]) của \(unitName)")
            #expect(overdueMail.body.contains("Thời hạn: hết ngày \(due.dayMonthYear) (đã quá 1 ngày làm việc)."))
            #expect(try ReceivedMail.all(to: minhAddress).count == 8)

            // Each stage is recorded once per item; each digest once per day.
            let stages = try await database.query("""
                SELECT stage
                FROM feedback_reminders
                WHERE item_id = \(items[0])
                ORDER BY created_at, stage
                """, logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(stages == ["before:3", "before:1", "overdue"])
            let digests = try await database.query("SELECT count(*) FROM unit_digests", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            #expect(digests == [4])

            // The item page lists the reminders sent about it, with whom they went to (signed in
            // afresh: the morning's session expired while the clock moved on).
            (minh, _) = try await StaffFixtures.signIn(client, "minh")
            let page = String(buffer: try await minh.get(client, "/staff/feedback/\(items[0].uuidString.lowercased())?lang=vi").body)
            #expect(page.contains("<h2>Thư nhắc gửi cán bộ</h2>"))
            #expect(page.contains("<b>Nhắc hạn xử lý</b> (gửi minh): đã gửi"))
            #expect(page.contains("<b>Báo quá hạn cho đơn vị cấp trên</b> (gửi lan): đã gửi"))

            // No address reached the logs.
            #expect(lines.all.contains { $0.contains("outbox message sent") })
            for line in lines.all {
                #expect(!line.contains(minhAddress) && !line.contains(lanAddress), "address logged: \(line)")
            }

            // Minh removes his address: its sealed row is erased, and he is written to no more.
            let removed = try await Self.submit(&minh, client, page: "/staff/account", action: "/staff/account/email", email: "")
            #expect(removed.status == .seeOther)
            let erased = try await database.query("""
                SELECT u.email_contact_id IS NULL, (SELECT count(*) FROM contacts c WHERE c.subject_kind = 'staff_user' AND c.erased_at IS NOT NULL)
                FROM users u
                WHERE u.login = 'minh'
                """, logger: TestDatabase.logger) { try $0.decode((Bool, Int).self) }
            #expect(erased.first?.0 == true && erased.first?.1 == 1)
            hand.set(Self.morning(calendar.addingWorkingDays(2, to: due)))
            #expect(try await scanner().scan().total == 0, "the office's digest has nobody to go to")
        }
    }
}
