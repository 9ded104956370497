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

/// Issue 7: a corpus of hostile and broken requests over every public endpoint (and every staff
/// route with bad credentials or parameters). Each must get a 4xx with a clear message in the
/// right shape, none a 5xx; the server keeps serving; and nothing stored before changes.
@Suite(.timeLimit(.minutes(5)))
struct BadInputCorpusTests {
    /// The rate limit is on, as in production, but high enough that the corpus is not cut short.
    static let environment = ["RATE_LIMIT_PER_MINUTE": "100000"]
    /// The throttles too: the corpus signs in wrongly and looks up unknown codes many times on purpose.
    static let protection: ProtectionPolicy = {
        var policy = ProtectionPolicy()
        policy.signInPerLogin.capacity = 10_000
        policy.signInPerAddress.capacity = 10_000
        policy.trackingCodeMisses.capacity = 10_000
        policy.lookupsPerMinute = 100_000
        return policy
    }()

    @Test func everyHostileRequestGetsAClear4xxAndNothingStoredChanges() async throws {
        try await TestApp.withApp(environment: Self.environment, protection: Self.protection) { client, database in
            // setup: units, an admin with a token and a signed-in browser, and stored data of every kind
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "admin", role: .admin)
            let token = try await StaffFixtures.token(database, "admin")
            let (staff, signIn) = try await StaffFixtures.signIn(client, "admin")
            #expect(signIn.status == .seeOther, "the admin signs in")
            // The token's first use is recorded now, before the fingerprint.
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: StaffFixtures.bearer(token)).status == .ok)
            let fixtures = try await Self.storeValidData(client, database, token: token, staff: staff)
            try await Self.waitForCountsCompacted(database)
            let before = try await DatabaseFingerprint.take(database)

            // act: the corpus
            let corpus = BadInputCorpus.cases(fixtures)
            var failures: [String] = []
            for item in corpus {
                let response = try await client.execute(uri: item.uri, method: item.method, headers: item.headers,
                                                        body: item.body.map { ByteBuffer(bytes: $0) })
                failures += BadInputCheck.problems(of: response, for: item).map { "\(item): \($0)" }
            }

            // validate: every case refused clearly, nothing stored changed, the server still serves
            let after = try await DatabaseFingerprint.take(database)
            let changed = after.changedTables(since: before)
            #expect(failures.isEmpty, "\(failures.count) cases answered wrongly:\n\(failures.joined(separator: "\n"))")
            #expect(changed.isEmpty, "tables changed by refused requests: \(changed)")
            #expect(corpus.count >= 200, "the corpus has \(corpus.count) cases")
            // Every case names a route of the tables (or none), and every public route has cases.
            let routes = PublicRoutes.all.union(StaffRoutes.all.map(\.description))
            let endpoints = Set(corpus.map(\.endpoint)).subtracting([BadInputCorpus.noRoute])
            #expect(endpoints.subtracting(routes).isEmpty, "not routes: \(endpoints.subtracting(routes).sorted())")
            #expect(PublicRoutes.all.subtracting(endpoints).isEmpty,
                    "public routes without a case: \(PublicRoutes.all.subtracting(endpoints).sorted())")
            let valid = try await client.execute(uri: "/api/v1/responses", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: ResponsesAPITests.body()))
            #expect(valid.status == .created, "a valid submission after the corpus: \(String(buffer: valid.body))")
            let perEndpoint = Dictionary(grouping: corpus, by: \.endpoint).mapValues(\.count)
            for (endpoint, count) in perEndpoint.sorted(by: { $0.key < $1.key }) { print("  \(count)\t\(endpoint)") }
            print("bad input corpus: \(corpus.count) requests over \(endpoints.count) endpoints, "
                + (failures.isEmpty ? "every one 4xx" : "\(failures.count) answered wrongly") + ", "
                + (changed.isEmpty ? "nothing stored changed" : "\(changed.count) tables changed"))
        }
    }

    /// The 429 of the rate limit is a refusal like the others: a page in the citizen's language on
    /// the citizen pages, problem+json on the API.
    @Test func rateLimitedRequestsAreClear4xxInTheCitizensLanguage() async throws {
        try await TestApp.withApp(environment: ["RATE_LIMIT_PER_MINUTE": "1"]) { client, database in
            let page = BadInputCorpus.page("rate limited", .post, "/f/:form", path: "/f/sipas", asker: BadInputCorpus.askers[0],
                                           body: BadInputCorpus.urlEncoded([("csrf", "forged")]),
                                           contentType: "application/x-www-form-urlencoded", status: .tooManyRequests)
            let api = BadInputCorpus.api("rate limited", .post, "/api/v1/responses", json: "{", status: .tooManyRequests)
            // The first request uses up the minute's allowance (and is refused for its forged token).
            _ = try await client.execute(uri: page.uri, method: page.method, headers: page.headers, body: ByteBuffer(bytes: page.body ?? []))
            for item in [page, api] {
                let response = try await client.execute(uri: item.uri, method: item.method, headers: item.headers,
                                                        body: item.body.map { ByteBuffer(bytes: $0) })
                let problems = BadInputCheck.problems(of: response, for: item)
                #expect(problems.isEmpty, "\(item): \(problems)")
                #expect(response.headers[.retryAfter] == "60")
            }
            #expect(try await ResponseStore(database: database).count(logger: TestDatabase.logger) == 0)
        }
    }

    /// NFD text in an accepted submission is stored NFC (the corpus holds only refused requests).
    @Test func decomposedTextOfAnAcceptedFeedbackIsStoredComposed() async throws {
        try await TestApp.withApp(environment: Self.environment, protection: Self.protection) { client, database in
            try await FeedbackFixtures.createItem(client, unit: nil, title: BadInputCorpus.nfd,
                                                  content: "Nội dung".decomposedStringWithCanonicalMapping)
            let stored = try await database.query("SELECT title FROM feedback_items", logger: TestDatabase.logger) {
                try $0.decode(String.self)
            }
            let composed = BadInputCorpus.nfd.precomposedStringWithCanonicalMapping
            #expect(stored.first.map { Array($0.unicodeScalars) } == Array(composed.unicodeScalars))
        }
    }

    // MARK: - Setup

    /// Stores a survey response through the API and the web form, a feedback item with an
    /// attachment and contact details, and an Open311 request; returns what the corpus aims at.
    static func storeValidData(_ client: some TestClientProtocol, _ database: Database, token: String,
                               staff: BrowserSession) async throws -> BadInputFixtures {
        let response = try await client.execute(uri: "/api/v1/responses", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(string: ResponsesAPITests.body()))
        #expect(response.status == .created)
        var browser = BrowserSession()
        let form = String(buffer: try await browser.get(client, "/f/sipas?lang=vi").body)
        let csrf = try #require(BrowserSession.hiddenField("csrf", in: form))
        let web = try await browser.post(client, "/f/sipas", fields: [("csrf", csrf), ("lang", "vi")] + CitizenPagesTests.sipasAnswers)
        #expect(web.status == .seeOther)
        let itemID = try await FeedbackFixtures.createItem(client, unit: "LC.STP", attachment: "anh.png",
                                                           contact: #"{"email": "corpus@example.vn", "phone": "0912345678"}"#)
        let open311 = try await client.execute(uri: "/open311/v2/requests.json", method: .post,
                                               headers: [.contentType: "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: "service_code=regulation&description=Bi%E1%BB%83n+b%C3%A1o+sai"))
        #expect(open311.status == .created)
        let code = try await database.query("SELECT tracking_code FROM feedback_items WHERE id = \(itemID)",
                                            logger: TestDatabase.logger) { try $0.decode(String.self) }.first
        let attachment = try await FeedbackFixtures.attachmentIDs(database, item: itemID).first
        let session = try #require(try await database.query("SELECT id, session_epoch FROM users WHERE login = 'admin'",
                                                            logger: TestDatabase.logger) { try $0.decode((Int64, Int).self) }.first)
        return BadInputFixtures(
            trackingCode: try #require(code), itemID: itemID, attachmentID: try #require(attachment), adminToken: token,
            staffCookie: staff.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
            staffCSRFCookie: try #require(staff.cookies[CSRFProtection.cookieName]), staffUserID: session.0,
            staffEpoch: session.1)
    }

    /// New responses are moved into the satisfaction counts in the background: wait until the
    /// queue is empty, so that the fingerprint is not taken halfway through.
    static func waitForCountsCompacted(_ database: Database) async throws {
        for _ in 0..<200 {
            let queued = try await database.query("SELECT count(*) FROM response_count_queue", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            if queued == [0] { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the satisfaction counts were not compacted")
    }
}
