import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// The one-stop desks' kiosks (issue 16) against the real database: a leader registers a kiosk on
/// the desk's page (the token shown once, only its hash kept, audited) and revokes it; the kiosk's
/// pages take a citizen through the dossier rating one question per screen without a cookie, and
/// the rating counts on the desk with channel kiosk; a kiosk that was offline resends with its
/// original time and the same id, and the rating counts once, on the original day; bad input gets
/// a clear answer and never a 5xx; a revoked kiosk is refused.
@Suite(.timeLimit(.minutes(5)))
struct KioskTests {
    static let environment = DeskTests.environment.merging(["KIOSK_RESET_SECONDS": "7", "KIOSK_IDLE_SECONDS": "90"]) { $1 }
    static let unit = "LC.SVHTTDL.QLVH"

    /// A kiosk registered on `desk` from the store's side; its token.
    static func kiosk(_ database: Database, desk: DeskStore.Desk) async throws -> String {
        let token = KioskToken.generate()
        _ = try #require(try await KioskStore(database: database).register(
            deskID: desk.id, label: "Máy 1", tokenHash: KioskToken.hash(token), by: StaffFixtures.cli, logger: TestDatabase.logger))
        return token
    }

    /// Every hidden input of a page, in order.
    static func hiddenFields(_ html: String) -> [(String, String)] {
        let pattern = #/<input type="hidden" name="([^"]+)" value="([^"]*)">/#
        return html.matches(of: pattern).map { (String($0.output.1), String($0.output.2).replacingOccurrences(of: "&amp;", with: "&")) }
    }

    /// What a citizen answers on the screen `step` of the dossier rating.
    static func answer(_ step: String, officer: Int64) -> [(String, String)] {
        switch step {
        case KioskFlow.officerStep: [("officer", "\(officer)")]
        case "dossier_code": [("dossier_code", "HS-2026-0042")]
        case "overall_service", "on_time", "attitude", "transparency": [(step, "5")]
        case "contacts": [(step, "1")]
        default: []
        }
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = fields.map { "\(BrowserSession.encode($0.0))=\(BrowserSession.encode($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body))
    }

    static func resend(_ client: some TestClientProtocol, token: String?, id: UUID, submittedAt: String,
                       extra: String = "", overall: Int = 4) async throws -> (TestResponse, [String]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = """
            {"id": "\(id.uuidString)", "form": "dossier-rating", "language": "vi", "submittedAt": "\(submittedAt)",
             "answers": {"dossier_code": "HS-\(id.uuidString.prefix(8))", "overall_service": \(overall), "on_time": 5}\(extra)}
            """
        let response = try await client.execute(uri: "/api/v1/responses", method: .post, headers: headers,
                                                 body: ByteBuffer(string: body))
        let problem = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
        let codes = (problem?["errors"] as? [[String: Any]] ?? []).map { "\($0["field"] as? String ?? ""):\($0["code"] as? String ?? "")" }
        return (response, codes)
    }

    @Test func aLeaderRegistersAKioskSeesItsTokenOnceAndRevokesIt() async throws {
        try await TestApp.withApp(environment: Self.environment) { client, database in
            // setup
            try await DeskTests.prepare(database)
            let (desk, _) = try await DeskTests.desk(database, "Quầy 1", officer: "Giàng A Tủa")
            var leader = try await StaffFixtures.signIn(client, "lanhdao").0
            var other = try await StaffFixtures.signIn(client, "tuphap").0
            let path = "/staff/desks/\(desk.id)"
            // act
            let registered = try await DeskTests.post(client, &leader, path, "/kiosks", [("label", "Máy tính bảng <quầy 1>")])
            let html = String(buffer: registered.body)
            let url = try #require(DeskTests.element(html, "id=\"new-kiosk-url\">"))
            let token = try #require(DeskTests.element(html, "id=\"new-kiosk-token\">"))
            let blank = try await DeskTests.post(client, &leader, path, "/kiosks", [("label", "  ")])
            let again = String(buffer: try await leader.get(client, path).body)
            let outside = try await other.get(client, path)
            let opened = try await client.execute(uri: "/kiosk/\(token)", method: .get, headers: [:], body: nil)
            let seen = try await database.query("SELECT last_seen_at IS NOT NULL FROM kiosks", logger: TestDatabase.logger) {
                try $0.decode(Bool.self)
            }
            let kioskID = try #require(try await database.query("SELECT id FROM kiosks", logger: TestDatabase.logger) {
                try $0.decode(Int64.self)
            }.first)
            // The same form pressed twice (a second tab): the second finds nothing in use to revoke.
            let page = String(buffer: try await leader.get(client, path).body)
            let csrf = try #require(BrowserSession.formToken(action: path + "/kiosks/revoke", in: page))
            let revoked = try await leader.post(client, path + "/kiosks/revoke", fields: [("csrf", csrf), ("kiosk", "\(kioskID)")])
            let revokedAgain = try await leader.post(client, path + "/kiosks/revoke", fields: [("csrf", csrf), ("kiosk", "\(kioskID)")])
            let closed = try await client.execute(uri: "/kiosk/\(token)", method: .get, headers: [:], body: nil)
            let (refused, _) = try await Self.resend(client, token: token, id: UUID(), submittedAt: ServiceClock.system.today().description)
            // validate
            #expect(registered.status == .ok)
            #expect(url == "\(DeskTests.base)/kiosk/\(token)")
            #expect(KioskToken.looksLikeToken(token))
            #expect(html.contains("Máy tính bảng &lt;quầy 1&gt;"), "the label is escaped")
            #expect(blank.status == .unprocessableContent)
            #expect(String(buffer: blank.body).contains("Tên máy phải có từ 1 đến 120 ký tự."))
            #expect(!again.contains(token), "the token is shown once")
            #expect(again.contains("Máy tính bảng &lt;quầy 1&gt;") && again.contains("Đang dùng"))
            #expect(outside.status == .forbidden)
            let stored = try await database.query("SELECT token_hash FROM kiosks", logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(stored == [KioskToken.hash(token)], "only the token's hash is kept")
            #expect(opened.status == .ok && seen == [true])
            #expect(revoked.status == .seeOther && revokedAgain.status == .unprocessableContent)
            #expect(closed.status == .notFound)
            #expect(String(buffer: closed.body).contains("Máy đánh giá này chưa được đăng ký hoặc đã bị thu hồi"))
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.contentType] == "application/problem+json")
            #expect(String(buffer: refused.body).contains("revoked"))
            #expect(try await DeskTests.audited(database).suffix(2) == ["desk.kiosk_register", "desk.kiosk_revoke"])
        }
    }

    @Test func aRatingThroughTheKioskPagesCountsWithChannelKioskOnTheDeskAndLeavesNoCookie() async throws {
        try await TestApp.withApp(environment: Self.environment) { client, database in
            // setup
            try await DeskTests.prepare(database)
            let (desk, officer) = try await DeskTests.desk(database, "Quầy 1", officer: "Giàng A Tủa")
            let token = try await Self.kiosk(database, desk: desk)
            let path = "/kiosk/\(token)"
            // act: the start, then screen after screen as the page's own fields say
            var responses = [try await client.execute(uri: path, method: .get, headers: [:], body: nil)]
            var steps: [String] = []
            var html = String(buffer: responses[0].body)
            var refusedEmpty: TestResponse?
            var wentBack: String?
            var final: TestResponse?
            for _ in 0..<20 {
                let hidden = Self.hiddenFields(html)
                let step = hidden.first { $0.0 == "step" }?.1 ?? ""
                steps.append(step)
                let forward = html.contains("name=\"go\" value=\"send\"") ? "send" : "next"
                if step == "dossier_code", refusedEmpty == nil {
                    // A required answer left out: the same screen, with the reason beside it.
                    refusedEmpty = try await Self.post(client, path, hidden + [("go", "next")])
                    // And back once, to the officer's screen, then forward again.
                    let back = try await Self.post(client, path, hidden + [("go", "back")])
                    wentBack = Self.hiddenFields(String(buffer: back.body)).first { $0.0 == "step" }?.1
                }
                let response = try await Self.post(client, path, hidden + Self.answer(step, officer: officer) + [("go", forward)])
                responses.append(response)
                if response.status == .seeOther { final = response; break }
                #expect(response.status == .ok, "screen \(step): \(response.status)")
                html = String(buffer: response.body)
            }
            let done = try #require(final)
            let location = try #require(done.headers[.location])
            let thanks = try await client.execute(uri: location, method: .get, headers: [:], body: nil)
            responses.append(thanks)
            // validate: one question per screen, the officer first
            #expect(steps.first == KioskFlow.officerStep)
            #expect(steps.dropFirst().first == "dossier_code")
            #expect(steps.contains("overall_service") && !steps.contains("apology_received"), "on_time 5 hides the apology")
            #expect(refusedEmpty?.status == .unprocessableContent)
            #expect(refusedEmpty.map { String(buffer: $0.body).contains("Xin trả lời câu hỏi này.") } == true)
            #expect(wentBack == KioskFlow.officerStep)
            #expect(location == "\(path)/thanks?lang=vi")
            #expect(thanks.status == .ok)
            #expect(thanks.headers[HTTPField.Name("Refresh")!] == "7; url=\(path)?lang=vi")
            #expect(responses[0].headers[HTTPField.Name("Refresh")!] == "90; url=\(path)?lang=vi")
            #expect(responses.allSatisfy { $0.headers[.setCookie] == nil }, "no cookie at all")
            #expect(String(buffer: responses[0].body).contains("Quầy 1 — "))
            let stored = try await database.query("""
                SELECT r.channel,
                       r.dossier_code,
                       d.desk_id,
                       d.officer_id,
                       u.code
                FROM responses r
                JOIN desk_ratings d ON d.response_id = r.id
                JOIN units u ON u.id = r.unit_id
                """, logger: TestDatabase.logger) { try $0.decode((String, String?, Int64, Int64?, String).self) }
            #expect(stored.count == 1)
            #expect(stored.first?.0 == "kiosk" && stored.first?.1 == "HS-2026-0042")
            #expect(stored.first?.2 == desk.id && stored.first?.3 == officer && stored.first?.4 == Self.unit)
        }
    }

    @Test func aKioskResendAfterOfflineCountsOnceInTheOriginalDay() async throws {
        try await TestApp.withApp(environment: Self.environment) { client, database in
            // setup: forms stored long ago, so that a time three days back is after their version
            try await DeskTests.prepare(database)
            try await database.execute("UPDATE form_versions SET loaded_at = now() - interval '60 days'",
                                       logger: TestDatabase.logger)
            let (desk, officer) = try await DeskTests.desk(database, "Quầy 1", officer: "Giàng A Tủa")
            let token = try await Self.kiosk(database, desk: desk)
            try await StaffFixtures.addUser(database, "root", role: .admin)
            let admin = try await StaffFixtures.token(database, "root")
            let day = ServiceClock.system.today().adding(days: -3)
            let taken = "\(day)T09:30:00+07:00"
            let id = UUID()
            // act: sent while "offline" never arrived; the kiosk resends it twice when back online
            let (first, _) = try await Self.resend(client, token: token, id: id, submittedAt: taken, extra: #", "officer": \#(officer)"#)
            let (second, _) = try await Self.resend(client, token: token, id: id, submittedAt: taken, extra: #", "officer": \#(officer)"#)
            let (edited, _) = try await Self.resend(client, token: token, id: id, submittedAt: taken, overall: 1)
            // validate
            #expect(first.status == .created)
            #expect(second.status == .ok, "the same id and content: replayed, not stored again")
            #expect(edited.status == .conflict)
            func respondents(from first: CalendarDate, to last: CalendarDate) async throws -> Int? {
                let response = try await client.execute(
                    uri: "/api/v1/metrics/satisfaction?unit=\(Self.unit)&form=dossier-rating&from=\(first)&to=\(last)",
                    method: .get, headers: StaffFixtures.bearer(admin), body: nil)
                #expect(response.status == .ok)
                let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
                return json?["respondents"] as? Int
            }
            #expect(try await respondents(from: day, to: day) == 1)
            #expect(try await respondents(from: day.adding(days: 1), to: ServiceClock.system.today()) == 0)
            let stored = try await database.query("""
                SELECT r.channel,
                       r.submitted_at,
                       d.rated_on::text,
                       d.officer_id
                FROM responses r
                JOIN desk_ratings d ON d.response_id = r.id
                """, logger: TestDatabase.logger) { try $0.decode((String, Date, String, Int64?).self) }
            #expect(stored.count == 1)
            #expect(stored.first?.0 == "kiosk")
            #expect(stored.first.map { CalendarDate.inVietnam(at: $0.1) } == day)
            #expect(stored.first?.2 == day.description && stored.first?.3 == officer)
            let audit = try await AuditLog(database: database).recent(limit: 1, logger: TestDatabase.logger)
            #expect(audit.first?.action == "responses.enter_dated")
            #expect(audit.first?.actorLogin.hasPrefix("kiosk:") == true)
        }
    }

    @Test func badInputGetsAClearAnswerAndNever5xx() async throws {
        try await TestApp.withApp(environment: Self.environment) { client, database in
            // setup
            try await DeskTests.prepare(database)
            let (desk, _) = try await DeskTests.desk(database, "Quầy 1", officer: "Giàng A Tủa")
            let token = try await Self.kiosk(database, desk: desk)
            let path = "/kiosk/\(token)"
            let today = ServiceClock.system.today().description
            // act
            let (outOfRange, outOfRangeCodes) = try await Self.resend(client, token: token, id: UUID(), submittedAt: today, overall: 9)
            let (badOfficer, badOfficerCodes) = try await Self.resend(client, token: token, id: UUID(), submittedAt: today,
                                                                      extra: #", "officer": "999999""#)
            let (otherChannel, otherChannelCodes) = try await Self.resend(client, token: token, id: UUID(), submittedAt: today,
                                                                          extra: #", "channel": "web""#)
            let (anonymousOfficer, anonymousCodes) = try await Self.resend(client, token: nil, id: UUID(), submittedAt: today,
                                                                           extra: #", "officer": 1"#)
            let (unknown, _) = try await Self.resend(client, token: KioskToken.generate(), id: UUID(), submittedAt: today)
            let start = String(buffer: try await client.execute(uri: path, method: .get, headers: [:], body: nil).body)
            let hidden = Self.hiddenFields(start)
            let forged = try await Self.post(client, path, hidden.map { $0.0 == "csrf" ? ($0.0, "1." + $0.1) : $0 }
                + [("officer", "1"), ("go", "next")])
            let strangerOfficer = try await Self.post(client, path, hidden + [("officer", "999999"), ("go", "next")])
            let oddStep = try await Self.post(client, path, hidden.map { $0.0 == "step" ? ($0.0, "<script>") : $0 } + [("go", "next")])
            let nowhere = try await client.execute(uri: "/kiosk/not-a-token", method: .get, headers: [:], body: nil)
            // validate
            #expect(outOfRange.status == .unprocessableContent && outOfRangeCodes == ["overall_service:out_of_range"], "\(outOfRangeCodes)")
            #expect(badOfficer.status == .unprocessableContent && badOfficerCodes == ["officer:unknown_option"])
            #expect(otherChannel.status == .unprocessableContent && otherChannelCodes == ["channel:unknown_option"])
            #expect(anonymousOfficer.status == .unprocessableContent && anonymousCodes.contains("officer:officer_not_allowed"))
            #expect(unknown.status == .unauthorized && unknown.headers[.contentType] == "application/problem+json")
            #expect(forged.status == .forbidden)
            #expect(String(buffer: forged.body).contains("Phiên làm việc đã hết hạn"))
            #expect(strangerOfficer.status == .unprocessableContent)
            #expect(oddStep.status.code < 500 && !String(buffer: oddStep.body).contains("<script>"))
            #expect(nowhere.status == .notFound)
            #expect(try await ResponseStore(database: database).count(logger: TestDatabase.logger) == 0)
        }
    }
}
