import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import CivicWeb

/// The handlers' API for PAKN items, through the real application and PostgreSQL.
@Suite(.timeLimit(.minutes(3)))
struct StaffFeedbackAPITests {
    /// The handler's grant: the culture department, whose office LC.SVHTTDL.QLVH is below it.
    static let department = "LC.SVHTTDL"
    static let office = "LC.SVHTTDL.QLVH"
    static let otherDepartment = "LC.STP"

    struct Staff {
        /// Handler on the culture department.
        let lan: String
        /// Handler on its office only.
        let minh: String
        /// Handler on the province (a root unit).
        let hoa: String
        let admin: String
    }

    /// The sample register and four accounts with their tokens.
    static func staff(_ database: Database) async throws -> Staff {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "lan", role: .handler, unit: department)
        try await StaffFixtures.addUser(database, "minh", role: .handler, unit: office)
        try await StaffFixtures.addUser(database, "hoa", role: .handler, unit: "LC")
        try await StaffFixtures.addUser(database, "root", role: .admin)
        return Staff(lan: try await StaffFixtures.token(database, "lan"), minh: try await StaffFixtures.token(database, "minh"),
                     hoa: try await StaffFixtures.token(database, "hoa"), admin: try await StaffFixtures.token(database, "root"))
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, token: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: StaffFixtures.bearer(token), body: nil)
    }

    static func transition(_ client: some TestClientProtocol, _ item: UUID, token: String,
                           _ body: [String: Any]) async throws -> TestResponse {
        var headers = StaffFixtures.bearer(token)
        headers[.contentType] = "application/json"
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await client.execute(uri: "/api/v1/staff/feedback/\(item.uuidString.lowercased())/transitions",
                                        method: .post, headers: headers, body: ByteBuffer(bytes: data))
    }

    /// The ids of the listed items, for a query.
    static func listed(_ client: some TestClientProtocol, _ query: String, token: String) async throws -> (Set<UUID>, [String: Any]) {
        let response = try await get(client, "/api/v1/staff/feedback\(query)", token: token)
        #expect(response.status == .ok, "\(query): \(String(buffer: response.body))")
        let json = FeedbackFixtures.json(response)
        let ids = (json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) }
        return (Set(ids), json)
    }

    /// The n-th working day after `start`, counted here day by day from the data files' lists, to
    /// check the server's own arithmetic independently.
    static func workingDay(_ n: Int, after start: CalendarDate, holidays: HolidayCalendarFile) -> CalendarDate {
        let off = Set(holidays.holidays.map(\.date))
        let worked = Set(holidays.workingDays.map(\.date))
        var day = start
        var left = n
        while left > 0 {
            day = day.adding(days: 1)
            let weekend = day.weekday >= 6
            if !off.contains(day) && (!weekend || worked.contains(day)) { left -= 1 }
        }
        return day
    }

    @Test func aHandlerWalksAnItemFromReceivedToPublishedAndTheCitizenSeesTheReply() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let staff = try await Self.staff(database)
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office, category: "administrative_procedure")
            let today = ServiceClock.system.today()

            // act + validate: every step answers the new state and what may follow
            let steps: [([String: Any], String, [String])] = [
                (["action": "accept", "note": "Thuộc thẩm quyền của Sở."], "accepted", ["assign"]),
                (["action": "assign", "assigneeUnit": Self.office, "assigneeLogin": "Minh"], "assigned", ["assign", "start"]),
                (["action": "start"], "in_progress", ["assign", "resolve", "forward"]),
                (["action": "resolve", "publicReply": "Đã sửa quy trình; hồ sơ được trả trong tuần."], "resolved", ["publish"]),
                (["action": "publish", "publicTitle": "Thời hạn trả hồ sơ"], "published", []),
            ]
            for (body, state, allowed) in steps {
                let response = try await Self.transition(client, item, token: staff.lan, body)
                #expect(response.status == .ok, "\(body["action"] ?? ""): \(String(buffer: response.body))")
                let json = FeedbackFixtures.json(response)
                #expect(json["state"] as? String == state)
                #expect(json["allowedActions"] as? [String] == allowed)
            }

            let detail = try await Self.get(client, "/api/v1/staff/feedback/\(item.uuidString.lowercased())", token: staff.lan)
            #expect(detail.status == .ok)
            let json = FeedbackFixtures.json(detail)
            let stored = try #require(json["item"] as? [String: Any])
            // Due date: the working days deadlines.yaml gives the category, counted from acceptance,
            // skipping weekends and the holidays of holidays.yaml.
            let days = TestApp.forms.workflow.deadlines.workingDays(category: "administrative_procedure", unitCode: Self.office)
            #expect(days == 10)
            let expectedDue = Self.workingDay(days, after: today, holidays: TestApp.forms.workflow.holidays)
            #expect(stored["acceptedOn"] as? String == today.description)
            #expect(stored["dueOn"] as? String == expectedDue.description)
            #expect(stored["assignedUnitCode"] as? String == Self.office)
            #expect(stored["assignedLogin"] as? String == "minh")
            #expect(stored["resolution"] as? String == "resolved")
            let events = try #require(json["events"] as? [[String: Any]])
            #expect(events.map { $0["action"] as? String ?? "" } == ["receive", "accept", "assign", "start", "resolve", "publish"])
            #expect(events.dropFirst().allSatisfy { $0["actor"] as? String == "lan" }, "the signed-in user is the actor")
            #expect(events[1]["note"] as? String == "Thuộc thẩm quyền của Sở.")
            #expect(json["allowedActions"] as? [String] == [])

            // The citizen's status page shows the published reply.
            let code = try #require(stored["trackingCode"] as? String)
            let page = String(buffer: try await client.execute(uri: "/pakn/\(code)?lang=vi", method: .get).body)
            #expect(page.contains("Đã sửa quy trình; hồ sơ được trả trong tuần."))
            #expect(page.contains("Đã công khai kết quả"))
        }
    }

    @Test func anIllegalTransitionIs409WithTheAllowedOnesAndBadFieldsAre422() async throws {
        try await TestApp.withApp { client, database in
            let staff = try await Self.staff(database)
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office)

            // illegal: nothing changes, the allowed actions are listed
            let illegal = try await Self.transition(client, item, token: staff.lan, ["action": "resolve", "publicReply": "x"])
            #expect(illegal.status == .conflict)
            #expect(illegal.headers[.contentType] == "application/problem+json")
            let problem = FeedbackFixtures.json(illegal)
            #expect(problem["allowed"] as? [String] == ["accept", "mark_out_of_scope"])
            #expect(problem["state"] as? String == "received")

            // invalid: every problem of the body, then the action's own fields
            func errors(_ body: [String: Any]) async throws -> [String] {
                let response = try await Self.transition(client, item, token: staff.lan, body)
                #expect(response.status == .unprocessableContent, "\(body): \(String(buffer: response.body))")
                #expect(response.headers[.contentType] == "application/problem+json")
                return (FeedbackFixtures.json(response)["errors"] as? [[String: String]] ?? [])
                    .map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
            }
            #expect(try await errors([:]) == ["action:required"])
            #expect(try await errors(["action": "approve"]) == ["action:unknown_action"])
            #expect(try await errors(["action": "accept", "note": 5, "colour": "red"]) == ["colour:unknown_field", "note:wrong_type"])
            #expect(try await errors(["action": "mark_out_of_scope"]) == ["outOfScopeReason:required"])
            #expect(try await errors(["action": "mark_out_of_scope", "outOfScopeReason": "complaint"]) == ["redirectTo:required"])
            #expect(try await errors(["action": "accept", "publicReply": "không dùng"]) == ["publicReply:invalid"])

            // assignees: a unit outside the caller's grants, unknown ones, a login without a handler grant there
            #expect(try await Self.transition(client, item, token: staff.lan, ["action": "accept"]).status == .ok)
            #expect(try await errors(["action": "assign", "assigneeUnit": Self.otherDepartment]) == ["assigneeUnit:unit_out_of_scope"])
            #expect(try await errors(["action": "assign", "assigneeUnit": "NO.SUCH"]) == ["assigneeUnit:unknown_unit"])
            #expect(try await errors(["action": "assign", "assigneeUnit": "LC.SVHTT"]) == ["assigneeUnit:inactive_unit"])
            #expect(try await errors(["action": "assign", "assigneeUnit": Self.office, "assigneeLogin": "nobody"])
                    == ["assigneeLogin:unknown_login"])
            #expect(try await errors(["action": "assign", "assigneeUnit": Self.department, "assigneeLogin": "minh"])
                    == ["assigneeLogin:assignee_without_grant"], "minh's grant is on the office, below the department")
            let events = try await database.query("""
                SELECT count(*)
                FROM feedback_events
                WHERE item_id = \(item)
                """, logger: TestDatabase.logger) { try $0.decode(Int.self) }
            #expect(events == [2], "only receive and accept were recorded")

            // an admin may assign anywhere
            let anywhere = try await Self.transition(client, item, token: staff.admin,
                                                     ["action": "assign", "assigneeUnit": Self.otherDepartment])
            #expect(anywhere.status == .ok)
            // the item is now also in another department's unit, and still in lan's scope through its own unit
            #expect(try await Self.get(client, "/api/v1/staff/feedback/\(item.uuidString)", token: staff.lan).status == .ok)
            // unknown ids
            #expect(try await Self.get(client, "/api/v1/staff/feedback/\(UUID().uuidString)", token: staff.lan).status == .notFound)
            #expect(try await Self.get(client, "/api/v1/staff/feedback/not-a-uuid", token: staff.lan).status == .notFound)
        }
    }

    @Test func twoConcurrentTransitionsOfOneItemHaveExactlyOneWinner() async throws {
        try await TestApp.withApp { client, database in
            let staff = try await Self.staff(database)
            for round in 0..<4 {
                let item = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Vòng \(round)")
                // Two different actions from the same state: whichever commits first wins, the other is
                // judged against the state it left.
                let statuses = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                    group.addTask { ("accept", try await Self.transition(client, item, token: staff.lan, ["action": "accept"]).status) }
                    group.addTask {
                        ("mark_out_of_scope", try await Self.transition(client, item, token: staff.minh,
                                                                        ["action": "mark_out_of_scope", "outOfScopeReason": "duplicate"]).status)
                    }
                    return try await group.reduce(into: [String: HTTPResponse.Status]()) { $0[$1.0] = $1.1 }
                }
                #expect(statuses.values.filter { $0 == .ok }.count == 1, "round \(round): \(statuses)")
                #expect(statuses.values.filter { $0 == .conflict }.count == 1, "round \(round): \(statuses)")
                let rows = try await database.query("""
                    SELECT i.state, count(e.id)
                    FROM feedback_items i
                    JOIN feedback_events e ON e.item_id = i.id
                    WHERE i.id = \(item)
                    GROUP BY i.state
                    """, logger: TestDatabase.logger) { try $0.decode((String, Int).self) }
                let winner = statuses.first { $0.value == .ok }?.key
                #expect(rows.first?.0 == (winner == "accept" ? "accepted" : "out_of_scope"))
                #expect(rows.first?.1 == 2, "one event for receipt, one for the winner")
            }
        }
    }

    @Test func theListFiltersByStateCategoryOverdueUnitAndTextWithoutMarks() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let staff = try await Self.staff(database)
            let hanoi = try await FeedbackFixtures.createItem(client, unit: Self.office, title: "Đường ở Hà Nội hỏng",
                                                              category: "administrative_procedure")
            let regulation = try await FeedbackFixtures.createItem(client, unit: Self.otherDepartment, title: "Biểu mẫu",
                                                                   category: "regulation")
            let unitless = try await FeedbackFixtures.createItem(client, unit: nil, title: "Không rõ đơn vị", category: "other")
            let parent = try await FeedbackFixtures.createItem(client, unit: Self.department, title: "Giờ làm việc",
                                                               category: "official_conduct")
            for item in [hanoi, parent] {
                #expect(try await Self.transition(client, item, token: staff.admin, ["action": "accept"]).status == .ok)
            }
            // The Hà Nội item's deadline has passed.
            try await database.execute("""
                UPDATE feedback_items
                SET due_on = current_date - 3
                WHERE id = \(hanoi)
                """, logger: TestDatabase.logger)

            // act + validate (an admin sees everything)
            let (all, allJSON) = try await Self.listed(client, "", token: staff.admin)
            #expect(all == [hanoi, regulation, unitless, parent])
            #expect(allJSON["total"] as? Int == 4)
            #expect(allJSON["overdueCount"] as? Int == 1)
            #expect(try await Self.listed(client, "?state=received", token: staff.admin).0 == [regulation, unitless])
            #expect(try await Self.listed(client, "?state=accepted,received&state=published", token: staff.admin).0.count == 4)
            #expect(try await Self.listed(client, "?category=regulation", token: staff.admin).0 == [regulation])
            let (overdue, overdueJSON) = try await Self.listed(client, "?overdue=true", token: staff.admin)
            #expect(overdue == [hanoi])
            #expect((overdueJSON["items"] as? [[String: Any]])?.first?["overdue"] as? Bool == true)
            #expect(try await Self.listed(client, "?q=ha%20noi", token: staff.admin).0 == [hanoi])
            #expect(try await Self.listed(client, "?q=ha+NOI", token: staff.admin).0 == [hanoi], "a form's + is a space")
            #expect(try await Self.listed(client, "?unit=\(Self.department)", token: staff.admin).0 == [hanoi, parent])
            #expect(try await Self.listed(client, "?unit=\(Self.office)", token: staff.admin).0 == [hanoi])
            let (page, pageJSON) = try await Self.listed(client, "?limit=1&offset=1", token: staff.admin)
            #expect(page.count == 1)
            #expect(pageJSON["total"] as? Int == 4)
            let (beyond, beyondJSON) = try await Self.listed(client, "?offset=10", token: staff.admin)
            #expect(beyond.isEmpty)
            #expect(beyondJSON["total"] as? Int == 4, "a page past the end still counts")

            // bad queries are 400 problem+json, not an empty list
            for query in ["?state=closed", "?limit=500", "?overdue=yes", "?category=weather", "?offset=-1"] {
                let response = try await Self.get(client, "/api/v1/staff/feedback\(query)", token: staff.admin)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func aHandlerSeesOnlyTheItemsOfTheirSubtree() async throws {
        try await TestApp.withApp { client, database in
            let staff = try await Self.staff(database)
            let mine = try await FeedbackFixtures.createItem(client, unit: Self.office)
            let theirs = try await FeedbackFixtures.createItem(client, unit: Self.otherDepartment)
            let unitless = try await FeedbackFixtures.createItem(client, unit: nil)

            #expect(try await Self.listed(client, "", token: staff.lan).0 == [mine])
            #expect(try await Self.listed(client, "", token: staff.minh).0 == [mine])
            #expect(try await Self.listed(client, "", token: staff.hoa).0 == [mine, theirs, unitless],
                    "a grant on the province (a root) also sees items without a unit")
            #expect(try await Self.listed(client, "?unit=\(Self.office)", token: staff.hoa).0 == [mine],
                    "a unit filter leaves out items without a unit")
            // Naming a unit outside the grants is refused, not silently emptied.
            let outside = try await Self.get(client, "/api/v1/staff/feedback?unit=\(Self.otherDepartment)", token: staff.lan)
            #expect(outside.status == .forbidden)
            #expect(try await Self.get(client, "/api/v1/staff/feedback?unit=NO.SUCH", token: staff.lan).status == .notFound)
            // And the items themselves.
            #expect(try await Self.get(client, "/api/v1/staff/feedback/\(theirs.uuidString)", token: staff.lan).status == .forbidden)
            #expect(try await Self.get(client, "/api/v1/staff/feedback/\(unitless.uuidString)", token: staff.lan).status == .forbidden)
            #expect(try await Self.get(client, "/api/v1/staff/feedback/\(unitless.uuidString)", token: staff.hoa).status == .ok)
            #expect(try await Self.transition(client, theirs, token: staff.lan, ["action": "accept"]).status == .forbidden)

            // Assigning an item into lan's subtree brings it into lan's list.
            #expect(try await Self.transition(client, theirs, token: staff.admin, ["action": "accept"]).status == .ok)
            #expect(try await Self.transition(client, theirs, token: staff.admin,
                                              ["action": "assign", "assigneeUnit": Self.office]).status == .ok)
            #expect(try await Self.listed(client, "", token: staff.lan).0 == [mine, theirs])
        }
    }

    @Test func attachmentsDownloadWithTheirTypeAndSafeHeaders() async throws {
        try await TestApp.withApp { client, database in
            let staff = try await Self.staff(database)
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office, attachment: "Ảnh đường hỏng.png")
            let other = try await FeedbackFixtures.createItem(client, unit: Self.office, attachment: "khac.png")
            let attachment = try #require(try await FeedbackFixtures.attachmentIDs(database, item: item).first)
            let base = "/api/v1/staff/feedback/\(item.uuidString.lowercased())"

            let detail = FeedbackFixtures.json(try await Self.get(client, base, token: staff.lan))
            let listed = try #require((detail["attachments"] as? [[String: Any]])?.first)
            #expect(listed["fileName"] as? String == "Ảnh đường hỏng.png")
            #expect(listed["mediaType"] as? String == "image/png")
            #expect(listed["size"] as? Int == FeedbackFixtures.png.count)

            for uri in ["\(base)/attachments/\(attachment.uuidString.lowercased())",
                        "/staff/feedback/\(item.uuidString.lowercased())/attachments/\(attachment.uuidString.lowercased())"] {
                var headers = StaffFixtures.bearer(staff.lan)
                if uri.hasPrefix("/staff") {
                    let (browser, _) = try await StaffFixtures.signIn(client, "lan")
                    headers = browser.cookieHeader
                }
                let response = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "image/png")
                #expect(response.headers[.contentDisposition]
                        == "attachment; filename*=UTF-8''%E1%BA%A2nh%20%C4%91%C6%B0%E1%BB%9Dng%20h%E1%BB%8Fng.png")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(Array(response.body.readableBytesView) == FeedbackFixtures.png)
            }
            // Another item's attachment is not reachable through this item.
            let foreign = try #require(try await FeedbackFixtures.attachmentIDs(database, item: other).first)
            #expect(try await Self.get(client, "\(base)/attachments/\(foreign.uuidString)", token: staff.lan).status == .notFound)
            #expect(try await Self.get(client, "\(base)/attachments/nonsense", token: staff.lan).status == .notFound)
        }
    }

    @Test func readingTheContactDetailsIsAuditedAndNeverLogged() async throws {
        let lines = CapturingLogHandler.Lines()
        try await TestApp.withApp(logger: CapturingLogHandler.logger(lines)) { client, database in
            // setup
            let staff = try await Self.staff(database)
            let contact = #"{"name": "Nguyễn Thị Hoa", "email": "hoa.nguyen@example.vn", "phone": "0912 345 678", "address": "Số 5 phố Hoàng Liên"}"#
            let item = try await FeedbackFixtures.createItem(client, unit: Self.office, contact: contact)
            let without = try await FeedbackFixtures.createItem(client, unit: Self.office)

            // act
            let response = try await Self.get(client, "/api/v1/staff/feedback/\(item.uuidString)/contact", token: staff.lan)

            // validate: the handler gets the details …
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let json = FeedbackFixtures.json(response)
            #expect(json["name"] as? String == "Nguyễn Thị Hoa")
            #expect(json["email"] as? String == "hoa.nguyen@example.vn")
            #expect(json["address"] as? String == "Số 5 phố Hoàng Liên")
            #expect(FeedbackFixtures.json(try await Self.get(client, "/api/v1/staff/feedback/\(item.uuidString)",
                                                             token: staff.lan))["hasContact"] as? Bool == true)
            // … the read is in the audit log, by whom and of what, without the values …
            let entries = try await AuditLog(database: database).recent(limit: 20, logger: TestDatabase.logger)
                .filter { $0.action == "contact.read" }
            #expect(entries.count == 1)
            #expect(entries.first?.actorLogin == "lan")
            #expect(entries.first?.objectType == "feedback")
            #expect(entries.first?.objectID == item.uuidString.lowercased())
            // … and a second read is a second entry.
            _ = try await Self.get(client, "/api/v1/staff/feedback/\(item.uuidString)/contact", token: staff.lan)
            let audit = try await database.query("""
                SELECT count(*), string_agg(details::text, ' ')
                FROM audit_log
                WHERE action = 'contact.read'
                """, logger: TestDatabase.logger) { try $0.decode((Int, String).self) }
            #expect(audit.first?.0 == 2)
            let plaintext = ["Nguyễn Thị Hoa", "hoa.nguyen", "example.vn", "0912345678", "912345678", "0912 345 678", "Hoàng Liên"]
            for value in plaintext {
                #expect(!(audit.first?.1.contains(value) ?? true), "\(value) in the audit details")
            }
            // Nothing the application logged while storing and reading them carries a detail.
            #expect(!lines.all.isEmpty, "the logs were captured")
            #expect(lines.all.contains { $0.contains("contact details read") })
            for line in lines.all {
                for value in plaintext {
                    #expect(!line.contains(value), "\(value) logged: \(line)")
                }
            }
            // No details, or erased ones: 404.
            #expect(try await Self.get(client, "/api/v1/staff/feedback/\(without.uuidString)/contact", token: staff.lan).status
                    == .notFound)
            let vault = try ContactVault(database: database, keys: try DataKey.parseList(TestApp.dataKeys).get())
            let ids = try await FeedbackStore(database: database).contactIDs(ofItem: item, logger: TestDatabase.logger)
            _ = try await vault.erase(ids, by: StaffFixtures.cli, logger: TestDatabase.logger)
            #expect(try await Self.get(client, "/api/v1/staff/feedback/\(item.uuidString)/contact", token: staff.lan).status
                    == .notFound)
        }
    }
}
