import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The one-stop desks through the pages their users have, against the real database: a unit's
/// leader registers a desk and its officers (audited), prints its sheet, whose QR code is the
/// desk's rating link; a citizen rates from that link; the desk's and officers' figures appear
/// to the leaders of the desk's own unit only, and only from the minimum of respondents up.
@Suite(.timeLimit(.minutes(5)))
struct DeskTests {
    static let base = "https://danhgia.laocai.gov.vn"
    static let environment = ["PUBLIC_BASE_URL": base, "MIN_RESPONDENTS": "2"]

    static func prepare(_ database: Database) async throws {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "lanhdao", role: .leader, unit: "LC.SVHTTDL.QLVH")
        try await StaffFixtures.addUser(database, "giamdoc", role: .leader, unit: "LC.SVHTTDL")
        try await StaffFixtures.addUser(database, "tuphap", role: .leader, unit: "LC.STP")
        try await StaffFixtures.addUser(database, "phantich", role: .analyst, unit: "LC")
        try await StaffFixtures.addUser(database, "quantri", role: .admin)
    }

    /// A desk of LC.SVHTTDL.QLVH with one officer, registered from the command line's side.
    static func desk(_ database: Database, _ label: String, officer: String) async throws -> (DeskStore.Desk, Int64) {
        let unit = try #require(try await UnitStore(database: database).unit(code: "LC.SVHTTDL.QLVH", logger: TestDatabase.logger))
        let store = DeskStore(database: database)
        let desk = try await store.create(unitID: unit.id, label: label, by: StaffFixtures.cli, logger: TestDatabase.logger)
        let id = try #require(try await store.addOfficer(deskID: desk.id, displayName: officer, by: StaffFixtures.cli,
                                                         logger: TestDatabase.logger))
        return (desk, id)
    }

    /// Registers a desk from the list page; returns the response and the desk page's path.
    static func create(_ client: some TestClientProtocol, _ leader: inout BrowserSession, unit: String,
                       label: String) async throws -> (TestResponse, String?) {
        let list = String(buffer: try await leader.get(client, "/staff/desks").body)
        let csrf = try #require(BrowserSession.formToken(action: "/staff/desks", in: list))
        let response = try await leader.post(client, "/staff/desks", fields: [("csrf", csrf), ("unit", unit), ("label", label)])
        return (response, response.headers[.location].map { String($0.split(separator: "?")[0]) })
    }

    static func post(_ client: some TestClientProtocol, _ leader: inout BrowserSession, _ desk: String, _ action: String,
                     _ fields: [(String, String)]) async throws -> TestResponse {
        let page = String(buffer: try await leader.get(client, desk).body)
        let csrf = try #require(BrowserSession.formToken(action: desk + action, in: page))
        return try await leader.post(client, desk + action, fields: [("csrf", csrf)] + fields)
    }

    static func officers(_ database: Database) async throws -> [(String, Bool)] {
        try await database.query("""
            SELECT display_name,
                   retired_at IS NOT NULL
            FROM desk_officers
            ORDER BY id
            """, logger: TestDatabase.logger) { try $0.decode((String, Bool).self) }
    }

    static func audited(_ database: Database) async throws -> [String] {
        try await database.query("""
            SELECT action
            FROM audit_log
            WHERE action LIKE 'desk.%'
            ORDER BY id
            """, logger: TestDatabase.logger) { try $0.decode(String.self) }
    }

    /// The text of the element `<tag class="name">` in `html`, with mustache's escapes undone.
    static func element(_ html: String, _ opening: String) -> String? {
        guard let start = html.range(of: opening), let end = html[start.upperBound...].range(of: "</") else { return nil }
        return String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func aLeaderRegistersADeskAndItsOfficersAndEveryChangeIsAudited() async throws {
        try await TestApp.withApp(environment: Self.environment) { client, database in
            // setup
            try await Self.prepare(database)
            var leader = try await StaffFixtures.signIn(client, "lanhdao").0
            var other = try await StaffFixtures.signIn(client, "tuphap").0
            // act
            let (created, path) = try await Self.create(client, &leader, unit: "LC.SVHTTDL.QLVH", label: "Quầy số 2 <Đất đai>")
            let desk = try #require(path)
            let blank = try await Self.create(client, &leader, unit: "LC.SVHTTDL.QLVH", label: " ").0
            let elsewhere = try await Self.create(client, &leader, unit: "LC.STP", label: "Quầy 1").0
            let added = try await Self.post(client, &leader, desk, "/officers", [("name", "Nguyễn Thị Hoa")])
            _ = try await Self.post(client, &leader, desk, "/officers", [("name", "Lò Văn Páo")])
            let pao = try #require(try await database.query(
                "SELECT id FROM desk_officers WHERE display_name = 'Lò Văn Páo'", logger: TestDatabase.logger
            ) { try $0.decode(Int64.self) }.first)
            let retired = try await Self.post(client, &leader, desk, "/officers/retire", [("officer", "\(pao)")])
            let retiredAgain = try await Self.post(client, &leader, desk, "/officers/retire", [("officer", "\(pao)")])
            let tooLong = try await Self.post(client, &leader, desk, "/officers", [("name", String(repeating: "a", count: 121))])
            let page = String(buffer: try await leader.get(client, desk).body)
            let list = String(buffer: try await leader.get(client, "/staff/desks").body)
            let outside = try await other.get(client, desk)
            let missing = try await leader.get(client, "/staff/desks/999999")
            // validate
            #expect(created.status == .seeOther)
            #expect(blank.status == .unprocessableContent)
            #expect(String(buffer: blank.body).contains("Tên quầy phải có từ 1 đến 120 ký tự."))
            #expect(elsewhere.status == .forbidden)
            #expect(added.status == .seeOther && retired.status == .seeOther)
            #expect(retiredAgain.status == .unprocessableContent && tooLong.status == .unprocessableContent)
            #expect(page.contains("Quầy: Quầy số 2 &lt;Đất đai&gt;"), "the label is escaped")
            #expect(page.contains("Nguyễn Thị Hoa") && page.contains("Lò Văn Páo"))
            #expect(page.contains("\(Self.base)/f/dossier-rating?desk="), "the page shows the QR code's link")
            #expect(list.contains("href=\"\(desk)\""))
            #expect(outside.status == .forbidden, "a leader of another unit does not reach the desk")
            #expect(missing.status == .notFound)
            #expect(try await Self.officers(database).map(\.1) == [false, true])
            #expect(try await Self.audited(database) == ["desk.create", "desk.officer_add", "desk.officer_add", "desk.officer_retire"])
        }
    }

    @Test func theSheetsQRCodeIsTheRatingLinkOfTheDeskOrOfOneOfItsOfficers() async throws {
        try await TestApp.withApp(environment: Self.environment) { client, database in
            // setup
            try await Self.prepare(database)
            let (desk, officer) = try await Self.desk(database, "Quầy 1", officer: "Giàng A Tủa")
            var leader = try await StaffFixtures.signIn(client, "lanhdao").0
            var admin = try await StaffFixtures.signIn(client, "quantri").0
            // act
            let whole = try await leader.get(client, "/staff/desks/\(desk.id)/sheet?size=a5")
            let named = try await leader.get(client, "/staff/desks/\(desk.id)/sheet?size=a4&officer=\(officer)")
            let odd = try await admin.get(client, "/staff/desks/\(desk.id)/sheet?size=a3&officer=nobody")
            // validate
            for (response, expected) in [(whole, "\(Self.base)/f/dossier-rating?desk=\(desk.code)"),
                                         (named, "\(Self.base)/f/dossier-rating?desk=\(desk.code)&officer=\(officer)"),
                                         (odd, "\(Self.base)/f/dossier-rating?desk=\(desk.code)")] {
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(Self.element(html, "<p class=\"url\">") == expected)
                // The code drawn is the encoder's for that link (QRCodeTests reads the encoder with zbar).
                #expect(html.contains(try QRCode(expected).svg(label: "Mã QR đánh giá tại Quầy 1")))
            }
            #expect(String(buffer: whole.body).contains("@page{size:A5 portrait"))
            #expect(String(buffer: named.body).contains("Cán bộ tiếp nhận: Giàng A Tủa"))
            #expect(String(buffer: odd.body).contains("@page{size:A4 portrait"), "an unknown size is shown as A4")
        }
    }

    @Test func aRatingFromTheQRLinkCountsForTheDeskAndTheOfficerShownOnlyToTheUnitsOwnLeaders() async throws {
        try await TestApp.withApp(environment: Self.environment) { client, database in
            // setup
            try await Self.prepare(database)
            let (desk, hoa) = try await Self.desk(database, "Quầy 3", officer: "Nguyễn Thị Hoa")
            let link = "/f/dossier-rating?desk=\(desk.code)"

            func rate(_ dossier: String, overall: String, officer: String) async throws -> TestResponse {
                var citizen = BrowserSession()
                let page = String(buffer: try await citizen.get(client, link).body)
                #expect(page.contains("Ông/Bà đang đánh giá tại Quầy 3"))
                #expect(page.contains("<option value=\"\(hoa)\">Nguyễn Thị Hoa</option>"))
                #expect(!page.contains("id=\"f-unit\""), "the desk decides the unit")
                let csrf = try #require(BrowserSession.hiddenField("csrf", in: page))
                let sid = try #require(BrowserSession.hiddenField("sid", in: page))
                return try await citizen.post(client, "/f/dossier-rating", fields: [
                    ("csrf", csrf), ("sid", sid), ("lang", "vi"), ("desk", desk.code), ("officer", officer),
                    ("dossier_code", dossier), ("overall_service", overall), ("attitude", overall),
                ])
            }
            // act: two ratings naming the officer (one satisfied on both scales, one not), one without;
            // one naming an officer of no desk, refused with what was typed kept
            let first = try await rate("HS-001", overall: "5", officer: "\(hoa)")
            let second = try await rate("HS-002", overall: "2", officer: "\(hoa)")
            let third = try await rate("HS-003", overall: "4", officer: "")
            let wrong = try await rate("HS-004", overall: "4", officer: "99999")
            var unknownDesk = BrowserSession()
            let unknown = try await unknownDesk.get(client, "/f/dossier-rating?desk=AAAAAAAA")
            var own = try await StaffFixtures.signIn(client, "lanhdao").0
            var above = try await StaffFixtures.signIn(client, "giamdoc").0
            var admin = try await StaffFixtures.signIn(client, "quantri").0
            var analyst = try await StaffFixtures.signIn(client, "phantich").0
            let figures = try await own.get(client, "/staff/desks/\(desk.id)/ratings")
            let deskPage = String(buffer: try await own.get(client, "/staff/desks/\(desk.id)").body)
            let aboveFigures = try await above.get(client, "/staff/desks/\(desk.id)/ratings")
            let aboveDesk = String(buffer: try await above.get(client, "/staff/desks/\(desk.id)").body)
            let adminFigures = try await admin.get(client, "/staff/desks/\(desk.id)/ratings")
            let analystFigures = try await analyst.get(client, "/staff/desks/\(desk.id)/ratings")
            // validate
            #expect([first.status, second.status, third.status] == [.seeOther, .seeOther, .seeOther])
            #expect(wrong.status == .unprocessableContent)
            #expect(String(buffer: wrong.body).contains("value=\"HS-004\""), "what was typed is kept")
            #expect(unknown.status == .notFound)
            let rows = try await database.query("""
                SELECT r.dossier_code, u.code, r.channel, d.officer_id, d.satisfied, d.answered
                FROM desk_ratings d
                JOIN responses r ON r.id = d.response_id
                JOIN units u ON u.id = r.unit_id
                ORDER BY r.dossier_code
                """, logger: TestDatabase.logger) { try $0.decode((String, String, String, Int64?, Int, Int).self) }
            #expect(rows.map(\.0) == ["HS-001", "HS-002", "HS-003"])
            #expect(rows.allSatisfy { $0.1 == "LC.SVHTTDL.QLVH" && $0.2 == "web" })
            #expect(rows.map(\.3) == [hoa, hoa, nil])
            #expect(rows.map(\.4) == [2, 0, 2] && rows.map(\.5) == [2, 2, 2])
            #expect(figures.status == .ok)
            let html = String(buffer: figures.body)
            // The desk: 3 ratings, 4 of 6 answers satisfied; the officer: 2 ratings, 2 of 4; no
            // officer picked: 1 rating, under the minimum of 2, so not shown at all.
            #expect(html.contains("<th scope=\"row\">Cả quầy</th><td class=\"n\">3</td><td class=\"n\">66,7%</td>"))
            #expect(html.contains("<th scope=\"row\">Nguyễn Thị Hoa</th><td class=\"n\">2</td><td class=\"n\">50,0%</td>"))
            #expect(html.contains("<th scope=\"row\">Không chọn cán bộ</th><td colspan=\"3\">Dưới 2 lượt đánh giá: chưa hiện.</td>"))
            #expect(deskPage.contains("href=\"/staff/desks/\(desk.id)/ratings\""))
            #expect(aboveFigures.status == .forbidden, "a leader of the unit above is not the officer's own unit's leader")
            #expect(!aboveDesk.contains("/ratings\""), "nor is the figures' link offered to them")
            #expect(adminFigures.status == .forbidden && analystFigures.status == .forbidden)
        }
    }
}
