import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Paper forms typed in at the desk, through the pages clerks use, against the real database: a
/// batch counts only with as many forms as its stack, a double entry shows where the passes differ
/// and counts once they agree, and the gate keeps a batch to the clerks whose grants reach its unit.
@Suite(.timeLimit(.minutes(5)))
struct PaperEntryTests {
    static var today: String { CalendarDate.inVietnam(at: Date()).description }

    static func prepare(_ database: Database) async throws {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "motcua", role: .clerk, unit: "LC.SVHTTDL")
        try await StaffFixtures.addUser(database, "motcua2", role: .clerk, unit: "LC.SVHTTDL")
        try await StaffFixtures.addUser(database, "tuphap", role: .clerk, unit: "LC.STP")
    }

    /// Opens a batch from the list page and returns its page's path.
    static func open(_ client: some TestClientProtocol, _ clerk: inout BrowserSession, count: String,
                     doubleEntry: Bool = false) async throws -> (TestResponse, String?) {
        let list = String(buffer: try await clerk.get(client, "/staff/paper").body)
        let csrf = try #require(BrowserSession.formToken(action: "/staff/paper", in: list))
        var fields = [("csrf", csrf), ("form", "sipas"), ("unit", "LC.SVHTTDL.QLVH"), ("paperDate", today),
                      ("count", count), ("label", "Quầy 2 <sáng>")]
        if doubleEntry { fields.append(("doubleEntry", "on")) }
        let response = try await clerk.post(client, "/staff/paper", fields: fields)
        return (response, response.headers[.location])
    }

    /// Types one paper form (the overall question and the first access question) on the batch page.
    static func type(_ client: some TestClientProtocol, _ clerk: inout BrowserSession, _ batch: String, pass: Int,
                     position: Int, overall: String, a1: String = "4") async throws -> TestResponse {
        let page = String(buffer: try await clerk.get(client, batch + "?pass=\(pass)").body)
        let csrf = try #require(BrowserSession.formToken(action: batch + "/entries", in: page))
        return try await clerk.post(client, batch + "/entries", fields: [
            ("csrf", csrf), ("pass", "\(pass)"), ("position", "\(position)"), ("overall", overall), ("a1", a1),
        ])
    }

    static func count(_ client: some TestClientProtocol, _ clerk: inout BrowserSession, _ batch: String) async throws -> TestResponse {
        let page = String(buffer: try await clerk.get(client, batch).body)
        let csrf = try #require(BrowserSession.formToken(action: batch + "/count", in: page))
        return try await clerk.post(client, batch + "/count", fields: [("csrf", csrf)])
    }

    static func paperResponses(_ database: Database) async throws -> [(String, String, Int)] {
        try await database.query("""
            SELECT to_char(r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI'),
                   u.code,
                   (r.answers ->> 'overall')::int
            FROM responses r
            JOIN units u ON u.id = r.unit_id
            WHERE r.channel = 'paper'
            ORDER BY 3
            """, logger: TestDatabase.logger) { try $0.decode((String, String, Int).self) }
    }

    @Test func aBatchCountsOnlyWithEveryFormOfItsStackTyped() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await Self.prepare(database)
            var (clerk, _) = try await StaffFixtures.signIn(client, "motcua")
            let (opened, location) = try await Self.open(client, &clerk, count: "3")
            #expect(opened.status == .seeOther)
            let batch = try #require(location)
            // act: two of three forms typed, a scale answer out of range refused with what was typed kept
            #expect(try await Self.type(client, &clerk, batch, pass: 1, position: 1, overall: "5").status == .seeOther)
            let bad = try await Self.type(client, &clerk, batch, pass: 1, position: 2, overall: "7", a1: "3")
            #expect(try await Self.type(client, &clerk, batch, pass: 1, position: 2, overall: "2").status == .seeOther)
            let early = try await Self.count(client, &clerk, batch)
            let storedEarly = try await Self.paperResponses(database)
            #expect(try await Self.type(client, &clerk, batch, pass: 1, position: 3, overall: "4").status == .seeOther)
            let counted = try await Self.count(client, &clerk, batch)
            let again = try await clerk.post(client, batch + "/count", fields: [("csrf", "x")])
            let page = String(buffer: try await clerk.get(client, batch).body)

            // validate
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains("value=\"7\""), "the typed answer is shown again")
            #expect(badHTML.contains("role=\"alert\""))
            #expect(early.status == .unprocessableContent)
            #expect(String(buffer: early.body).contains("mới nhập 2/3 phiếu; còn thiếu phiếu số 3"))
            #expect(storedEarly.isEmpty, "nothing counts before the stack is typed")
            #expect(counted.status == .seeOther)
            #expect(counted.headers[.location] == batch + "?done=counted")
            #expect(again.status == .forbidden, "a forged token counts nothing")
            let stored = try await Self.paperResponses(database)
            #expect(stored.map(\.2) == [2, 4, 5])
            #expect(stored.allSatisfy { $0.0 == "\(Self.today) 00:00" && $0.1 == "LC.SVHTTDL.QLVH" },
                    "on the day written on the paper, for the batch's unit: \(stored)")
            #expect(page.contains("Lô đã được tính: 3 phiếu, do motcua tính."))
            #expect(page.contains("Quầy 2 &lt;sáng&gt;"), "the label is escaped")
            #expect(!page.contains("action=\"\(batch)/entries\""), "a counted batch takes no more forms")
            let actions = try await AuditLog(database: database).recent(limit: 50, logger: TestDatabase.logger)
                .filter { $0.action.hasPrefix("paper.") }.map(\.action)
            #expect(actions.filter { $0 == "paper.entry" }.count == 3, "the refused form stored nothing")
            #expect(actions.contains("paper.batch_open") && actions.contains("paper.batch_count"))
        }
    }

    @Test func aDoubleEntryShowsTheDifferenceAndCountsOnceThePassesAgree() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await Self.prepare(database)
            var (first, _) = try await StaffFixtures.signIn(client, "motcua")
            var (second, _) = try await StaffFixtures.signIn(client, "motcua2")
            let (_, location) = try await Self.open(client, &first, count: "2", doubleEntry: true)
            let batch = try #require(location)
            for (position, overall) in [(1, "5"), (2, "3")] {
                #expect(try await Self.type(client, &first, batch, pass: 1, position: position, overall: overall).status == .seeOther)
            }
            // act: the first clerk may not type the second pass; the second types one answer differently
            let sameClerk = try await first.post(client, batch + "/entries", fields: [
                ("csrf", try #require(BrowserSession.formToken(action: batch + "/entries",
                                                               in: String(buffer: try await first.get(client, batch).body)))),
                ("pass", "2"), ("position", "1"), ("overall", "5"),
            ])
            #expect(try await Self.type(client, &second, batch, pass: 2, position: 1, overall: "5").status == .seeOther)
            #expect(try await Self.type(client, &second, batch, pass: 2, position: 2, overall: "4").status == .seeOther)
            let refused = try await Self.count(client, &second, batch)
            let refusedHTML = String(buffer: refused.body)
            let storedWhileDifferent = try await Self.paperResponses(database)
            // The second clerk looks at the paper: it says 3. They type form 2 of their pass again.
            #expect(try await Self.type(client, &second, batch, pass: 2, position: 2, overall: "3").status == .seeOther)
            let counted = try await Self.count(client, &second, batch)

            // validate
            #expect(sameClerk.status == .unprocessableContent)
            #expect(String(buffer: sameClerk.body).contains("Người đã nhập lần kia không nhập lần này"))
            #expect(refused.status == .unprocessableContent)
            #expect(refusedHTML.contains("Hai lần nhập khác nhau ở 1 câu trả lời"))
            #expect(refusedHTML.contains("<tr class=\"difference\"><td class=\"n\">2</td>"), "form 2 is shown as differing")
            #expect(refusedHTML.contains(">3</a></td><td><a href=\"\(batch)?pass=2&amp;position=2#entry\">4</a>"))
            #expect(storedWhileDifferent.isEmpty, "a difference is not counted")
            #expect(counted.status == .seeOther)
            #expect(try await Self.paperResponses(database).map(\.2) == [3, 5], "one response per paper form, from pass 1")
        }
    }

    @Test func theGateKeepsABatchToClerksWhoseGrantsReachItsUnit() async throws {
        try await TestApp.withApp { client, database in
            try await Self.prepare(database)
            var (clerk, _) = try await StaffFixtures.signIn(client, "motcua")
            var (other, _) = try await StaffFixtures.signIn(client, "tuphap")
            try await StaffFixtures.addUser(database, "phantich", role: .analyst, unit: "LC")
            var (analyst, _) = try await StaffFixtures.signIn(client, "phantich")
            let (_, location) = try await Self.open(client, &clerk, count: "1")
            let batch = try #require(location)
            // act
            let otherUnit = try await other.get(client, batch)
            let otherList = String(buffer: try await other.get(client, "/staff/paper").body)
            let list = String(buffer: try await other.get(client, "/staff/paper").body)
            let csrf = try #require(BrowserSession.formToken(action: "/staff/paper", in: list))
            let outOfReach = try await other.post(client, "/staff/paper", fields: [
                ("csrf", csrf), ("form", "sipas"), ("unit", "LC.SVHTTDL"), ("paperDate", Self.today), ("count", "2"),
            ])
            let badCount = try await other.post(client, "/staff/paper", fields: [
                ("csrf", csrf), ("form", "sipas"), ("unit", "LC.STP"), ("paperDate", "05/03/2026"), ("count", "năm"),
            ])
            let notAClerk = try await analyst.get(client, "/staff/paper")
            let missing = try await clerk.get(client, "/staff/paper/999999")
            // validate
            #expect(otherUnit.status == .forbidden)
            #expect(!otherList.contains("href=\"\(batch)\""), "another unit's clerk does not see the batch")
            #expect(outOfReach.status == .forbidden)
            #expect(badCount.status == .unprocessableContent)
            let badHTML = String(buffer: badCount.body)
            #expect(badHTML.contains("Số phiếu trong xấp phải là một số nguyên từ 1 đến 500."))
            #expect(badHTML.contains("Ngày ghi trên phiếu phải có dạng năm-tháng-ngày"))
            #expect(badHTML.contains("value=\"năm\""), "what was typed is kept")
            #expect(notAClerk.status == .forbidden)
            #expect(missing.status == .notFound)
            let batches = try await database.query("SELECT count(*)::int FROM paper_batches", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            #expect(batches == [1], "only the good batch was opened")
        }
    }
}
