import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// Every staff route × every kind of caller × a unit in and out of the caller's scope, generated
/// from the route table: a route added to the table is in the matrix without touching this file
/// (a new path parameter needs one fixture below, and the test says so).
///
/// The matrix is 1,224 requests in a row, run while every other suite shares the two cores: it
/// took 146-156 s in CI runs that passed and was cut off at a 3-minute limit in one that did not
/// (231 s). The limit is a guard against a hang, not a speed check (that is scripts/bench's).
@Suite(.timeLimit(.minutes(6)))
struct AuthorizationMatrixTests {
    enum Principal: String, CaseIterable {
        case anonymous, noGrants, handler, analyst, leader, admin

        var role: StaffRole? {
            switch self {
            case .handler: .handler
            case .analyst: .analyst
            case .leader: .leader
            case .admin: .admin
            case .anonymous, .noGrants: nil
            }
        }
    }

    enum Scope: String, CaseIterable {
        case inScope, outOfScope
    }

    /// Handlers and analysts hold their grant on the merged culture department.
    static let grantUnit = "LC.SVHTTDL"
    static let unitInScope = "LC.SVHTTDL.QLVH"
    static let unitOutOfScope = "LC.STP"
    static let targetLogin = "target"

    /// The rule, stated independently of the gate: 401 without credentials; 403 when no grant's
    /// role carries the permission, or (except for admins) the unit concerned is outside the grants.
    static func expectedDenial(_ route: StaffRoute, _ principal: Principal, _ scope: Scope) -> HTTPResponse.Status? {
        if principal == .anonymous { return .unauthorized }
        guard case .permission(let permission) = route.requirement else { return nil }
        guard let role = principal.role, role.permissions.contains(permission) else { return .forbidden }
        if route.unit != .none, role != .admin, scope == .outOfScope { return .forbidden }
        return nil
    }

    /// Feedback items (with an attachment each) whose unit is in and out of the grants' scope.
    struct Items {
        let item: [Scope: UUID]
        let attachment: [Scope: UUID]
        /// Batches of paper forms, one per scope.
        let batch: [Scope: Int64]
        /// One-stop desks: in scope on the grants' own unit (so that the routes for the desk's own
        /// unit's leaders pass too), out of scope elsewhere.
        let desk: [Scope: Int64]
        /// A finished background export of a unit in and out of scope.
        let exportJob: [Scope: UUID]
        /// A webhook subscription (admins only, no unit).
        let webhook: UUID

        static func make(_ client: some TestClientProtocol, _ database: Database) async throws -> Items {
            var item: [Scope: UUID] = [:]
            var attachment: [Scope: UUID] = [:]
            for scope in Scope.allCases {
                let id = try await FeedbackFixtures.createItem(
                    client, unit: scope == .inScope ? unitInScope : unitOutOfScope, attachment: "anh.png",
                    contact: #"{"email": "matrix@example.vn"}"#)
                item[scope] = id
                attachment[scope] = try await FeedbackFixtures.attachmentIDs(database, item: id).first
            }
            let version = try await database.query("""
                SELECT max(version)
                FROM form_versions
                WHERE form_id = 'sipas'
                """, logger: TestDatabase.logger) { try $0.decode(Int?.self) }.first ?? nil
            var batch: [Scope: Int64] = [:]
            for scope in Scope.allCases {
                let code = scope == .inScope ? unitInScope : unitOutOfScope
                let unit = try #require(try await UnitStore(database: database).unit(code: code, logger: TestDatabase.logger))
                batch[scope] = try await PaperBatchStore(database: database).open(
                    .init(formID: "sipas", formVersion: try #require(version), unitID: unit.id,
                          paperDate: CalendarDate.inVietnam(at: Date()), declaredCount: 1, doubleEntry: false, label: ""),
                    by: StaffFixtures.cli, logger: TestDatabase.logger)
            }
            var desk: [Scope: Int64] = [:]
            for scope in Scope.allCases {
                let code = scope == .inScope ? grantUnit : unitOutOfScope
                let unit = try #require(try await UnitStore(database: database).unit(code: code, logger: TestDatabase.logger))
                desk[scope] = try await DeskStore(database: database).create(unitID: unit.id, label: "Quầy 1", by: StaffFixtures.cli,
                                                                           logger: TestDatabase.logger).id
            }
            var exportJob: [Scope: UUID] = [:]
            let requester = try #require(try await UserStore(database: database).user(login: "admin", logger: TestDatabase.logger))
            for scope in Scope.allCases {
                let job = try await ExportJobStore(database: database).create(
                    .init(formID: "sipas", formVersion: nil, unitCode: scope == .inScope ? unitInScope : unitOutOfScope,
                          firstDay: CalendarDate("2026-01-01")!, lastDay: CalendarDate("2026-03-31")!, format: "csv",
                          language: "vi", rowsExpected: 0),
                    userID: requester.id, login: requester.login, logger: TestDatabase.logger)
                exportJob[scope] = job.id
            }
            // The app's worker makes them (no rows: the header alone), so that their files exist.
            for id in exportJob.values { _ = try await ExportJobTests.finished(id, in: database) }
            let webhook = try await WebhookSubscriptions(database: database, keys: try DataKey.parseList(TestApp.dataKeys).get())
                .create(name: "Matrix", endpoint: try WebhookEndpoint.parse("http://127.0.0.1:9/hook").get(),
                        events: [.feedbackReceived], allowsPersonalData: false, by: StaffFixtures.cli,
                        logger: TestDatabase.logger).subscription.id
            return Items(item: item, attachment: attachment, batch: batch, desk: desk, exportJob: exportJob, webhook: webhook)
        }
    }

    /// Page forms whose CSRF token is bound to the path and its query (the unit), so that a
    /// token shown for one unit does not start the same work for another (ExportJobsPagesController).
    static let postsBoundToTheirQuery: Set<String> = ["/staff/exports"]

    static func uri(_ route: StaffRoute, scope: Scope, items: Items) throws -> String {
        let path = try route.path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            switch segment.dropFirst() {
            case "code": return scope == .inScope ? unitInScope : unitOutOfScope
            case "login": return targetLogin
            case "id": return items.item[scope]?.uuidString.lowercased() ?? ""
            case "attachment": return items.attachment[scope]?.uuidString.lowercased() ?? ""
            case "period": return "2026-Q1"
            // The translators' file of a form in a language.
            case "form": return "pakn"
            case "language": return "hmn"
            case "job": return items.exportJob[scope]?.uuidString.lowercased() ?? ""
            // No such token: revoking it answers 404 past the gate (a real id could be a caller's own).
            case "token": return "999999"
            case "plan": return "2022-LC.SVHTT"
            case "planPeriod": return "2022-Q3"
            case "batch": return "\(items.batch[scope] ?? 0)"
            case "desk": return "\(items.desk[scope] ?? 0)"
            case "webhook": return items.webhook.uuidString.lowercased()
            default:
                Issue.record("\(route): add a fixture for path parameter \(segment) to AuthorizationMatrixTests.uri")
                throw CancellationError()
            }
        }.joined(separator: "/")
        // A list over the grants is narrowed to a unit by a query parameter, checked by the gate too.
        if case .grantSubtree(let parameter) = route.unit {
            return path + "?\(parameter)=" + (scope == .inScope ? unitInScope : unitOutOfScope)
        }
        // A metrics route names its unit in a query parameter, checked by the gate; an export also
        // needs the form it exports.
        if case .unitQuery(let parameter) = route.unit {
            return path + "?\(parameter)=" + (scope == .inScope ? unitInScope : unitOutOfScope)
                + ([StaffRoutes.exportResponses, StaffRoutes.exportResponsesPage].contains(route) ? "&form=sipas" : "")
        }
        return path
    }

    @Test func everyRouteRoleAndScopeGetsTheExpectedStatus() async throws {
        try await TestApp.withApp { client, database in
            // setup: the sample register, one account per kind of caller, each with a session and a token
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, Self.targetLogin, role: .handler, unit: Self.grantUnit)
            var sessions: [Principal: BrowserSession] = [.anonymous: BrowserSession()]
            var tokens: [Principal: String] = [:]
            var accounts: [Principal: (id: Int64, epoch: Int)] = [:]
            for principal in Principal.allCases where principal != .anonymous {
                let login = principal.rawValue.lowercased()
                try await StaffFixtures.addUser(database, login, role: principal.role,
                                                unit: principal == .admin ? nil : Self.grantUnit)
                let (session, response) = try await StaffFixtures.signIn(client, login)
                #expect(response.status == .seeOther, "\(principal) signs in")
                sessions[principal] = session
                tokens[principal] = try await StaffFixtures.token(database, login)
                accounts[principal] = try await database.query("SELECT id, session_epoch FROM users WHERE login = \(login)",
                                                               logger: TestDatabase.logger) { try $0.decode((Int64, Int).self) }
                    .first.map { (id: $0.0, epoch: $0.1) }
            }
            let items = try await Items.make(client, database)
            let csrf = CSRFProtection(key: SecretKeys(secret: TestApp.secret).csrf)

            // act + validate
            var cases = 0
            var unexpected: [String] = []
            for route in StaffRoutes.all {
                for principal in Principal.allCases {
                    for scope in Scope.allCases {
                        cases += 1
                        // One plan ships, and its unit (LC.SVHTT) is within the grants' scope (a
                        // predecessor of LC.SVHTTDL): PlanPagesTests checks the refusal outside it.
                        if case .plan = route.unit, scope == .outOfScope { continue }
                        var headers = HTTPFields()
                        switch route.audience {
                        case .page: headers = sessions[principal]?.cookieHeader ?? [:]
                        case .api: if let token = tokens[principal] { headers = StaffFixtures.bearer(token) }
                        }
                        let uri = try Self.uri(route, scope: scope, items: items)
                        var body: ByteBuffer?
                        if route.method == .post {
                            switch route.audience {
                            case .api:
                                headers[.contentType] = "application/json"
                                body = ByteBuffer(string: "{}")
                            case .page:
                                // A page form carries the CSRF token of the path it posts to, bound to
                                // the session, so that what is tested here is the gate, not the token.
                                let cookie = sessions[principal]?.cookies[CSRFProtection.cookieName] ?? ""
                                // The token names the path it posts to, without the query (a list's ?unit=),
                                // except where the form binds its unit too (StaffForm.read's boundTo).
                                let pathAlone = String(uri.split(separator: "?", maxSplits: 1)[0])
                                let path = Self.postsBoundToTheirQuery.contains(pathAlone) ? uri : pathAlone
                                let action = accounts[principal].map { CSRFProtection.staffAction(path, userID: $0.id, epoch: $0.epoch) } ?? path
                                headers[.contentType] = "application/x-www-form-urlencoded"
                                body = ByteBuffer(string: "csrf=" + csrf.token(cookie: cookie, action: action))
                            }
                        }
                        let response = try await client.execute(uri: uri, method: route.method, headers: headers, body: body)
                        let label = "\(route) as \(principal.rawValue) \(scope.rawValue): \(response.status.code)"
                        if let denial = Self.expectedDenial(route, principal, scope) {
                            if response.status != denial { unexpected.append("\(label), expected \(denial.code)") }
                            if route.audience == .api, response.headers[.contentType] != "application/problem+json" {
                                unexpected.append("\(label): not problem+json")
                            }
                        } else if [.unauthorized, .forbidden].contains(response.status) || response.status.code >= 500 {
                            unexpected.append("\(label), expected to pass the gate")
                        } else if route.method == .get, response.status != .ok {
                            // Every fixture names something that exists, so a read that passed the gate succeeds.
                            unexpected.append("\(label), expected 200 past the gate")
                        }
                    }
                }
            }
            #expect(unexpected.isEmpty, "\(unexpected.joined(separator: "\n"))")
            #expect(cases == StaffRoutes.all.count * Principal.allCases.count * Scope.allCases.count)
            print("authorisation matrix: \(cases) cases (\(StaffRoutes.all.count) routes × \(Principal.allCases.count) callers × 2 scopes), \(cases - unexpected.count) as expected")
        }
    }

    @Test func everyRouteOfTheTableIsWellFormed() {
        for route in StaffRoutes.all {
            #expect(route.problem == nil, "\(route.problem ?? "")")
        }
        #expect(Set(StaffRoutes.all.map(\.description)).count == StaffRoutes.all.count, "no route listed twice")
        #expect(StaffRoute(.get, "/api/v1/x", .permission(.readMetrics)).problem != nil,
                "a scoped permission without a unit is refused")
    }

    @Test func aRouteOutsideTheTablesStopsTheServerFromStarting() async throws {
        try await TestDatabase.withMigratedDatabase { _, url in
            let configuration = try TestApp.configuration(url: url)
            let database = Database(url: configuration.databaseURL, logger: TestDatabase.logger)
            let router = try await buildRouter(ServerDependencies(
                configuration: configuration, database: database, migrations: [], forms: TestApp.forms, migrateOnStart: false))
            // The real router passes; one more route registered behind the table's back does not.
            router.get("/api/v1/secret-report") { _, _ in "numbers" }
            let gate = StaffGate(users: UserStore(database: database), tokens: TokenStore(database: database),
                                 units: UnitStore(database: database), sessions: SessionCookie(key: .init(size: .bits256)),
                                 clock: .system)
            let pages = StaffPageRenderer(renderer: try await PageRenderer.load(), ui: TestApp.forms.catalog.ui,
                                          csrf: CSRFProtection(key: .init(size: .bits256)), secureCookies: false)
            let staff = StaffRouter(router: router, gate: gate, pages: pages)
            #expect {
                try staff.verify()
            } throws: { error in
                "\(error)".contains("GET /api/v1/secret-report is neither in StaffRoutes.all nor in PublicRoutes.all")
            }
        }
    }
}
