import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct FeedbackStoreTests {
    static let calendar = WorkingCalendar(holidays: [CalendarDate("2026-11-30")!])
    static let deadlines = DeadlinePolicy(defaultDays: 15, categories: ["regulation": 3], units: [:])
    static let today = CalendarDate("2026-11-27")!   // a Friday
    static let actor = FeedbackStore.Actor(userID: nil, login: "cli:test")

    /// Stores the pakn form version (items reference it) and one item.
    func makeItem(_ store: FeedbackStore, title: String = "Đường ở Hà Nội hỏng", category: String = "regulation") async throws -> UUID {
        let item = try await newItem(store, title: title, category: category)
        let outcome = try await store.insert(item, logger: TestDatabase.logger)
        guard case .created = outcome else { Issue.record("not created: \(outcome)"); return item.id }
        return item.id
    }

    /// An item ready to insert, once the pakn form version it references is stored.
    func newItem(_ store: FeedbackStore, title: String = "Đường ở Hà Nội hỏng",
                 category: String = "regulation") async throws -> FeedbackStore.NewItem {
        let forms = try FormCatalog.load(directory: TestDatabase.repositoryRoot.appendingPathComponent("Forms"))
        try await FormStore(database: store.database).synchronise(Array(forms.forms.values), logger: TestDatabase.logger)
        let id = UUID()
        var generator = SystemRandomNumberGenerator()
        return .init(
            id: id, formID: "pakn", formVersion: forms.form(id: "pakn")!.version, category: category, title: title,
            content: "Nội dung", procedureName: nil, unitID: nil, language: "vi", channel: "api", receivedOn: Self.today,
            trackingSuffix: TrackingCode.randomSuffix(using: &generator), contentDigest: "d-\(id)", attachments: [])
    }

    func count(_ table: String, _ database: Database) async throws -> Int {
        try await database.query("SELECT count(*) FROM \(unescaped: table)", logger: TestDatabase.logger) {
            try $0.decode(Int.self)
        }[0]
    }

    @Test func anItemAndItsContactDetailsCommitTogetherOrNotAtAll() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            let store = FeedbackStore(database: database)
            let vault = try ContactVault(database: database, keys: [DataKey(id: "k1", material: Array(repeating: 1, count: 32))])
            let contact = FeedbackStore.NewContact(details: try ContactDetails(name: "Nguyễn Thị Lan", phone: "0912345678"),
                                                   consent: try #require(ContactConsent(answer: "yes", at: Date())),
                                                   vault: vault)
            let item = try await newItem(store)

            // act + validate: stored together, found through the item, opened intact
            #expect(try await store.insert(item, contact: contact, logger: TestDatabase.logger) != .conflict)
            let ids = try await store.contactIDs(ofItem: item.id, logger: TestDatabase.logger)
            #expect(ids.count == 1)
            #expect(try await vault.decrypt(try #require(ids.first), logger: TestDatabase.logger)?.name == "Nguyễn Thị Lan")
            // a replay stores nothing more, contact details included
            guard case .replayed = try await store.insert(item, contact: contact, logger: TestDatabase.logger) else {
                Issue.record("not a replay")
                return
            }
            #expect(try await count("contacts", database) == 1)

            // act + validate: when the details cannot be stored, the item is not stored either
            try await database.execute("ALTER TABLE contacts RENAME TO contacts_elsewhere", logger: TestDatabase.logger)
            let second = try await newItem(store, title: "Một phản ánh khác")
            await #expect(throws: (any Error).self) {
                try await store.insert(second, contact: contact, logger: TestDatabase.logger)
            }
            #expect(try await count("feedback_items", database) == 1)
            #expect(try await count("feedback_events", database) == 1)
        }
    }

    func apply(_ store: FeedbackStore, _ id: UUID, _ request: TransitionRequest) async throws -> FeedbackStore.TransitionOutcome {
        try await store.transition(itemID: id, request: request, actor: Self.actor, today: Self.today,
                                   calendar: Self.calendar, deadlines: Self.deadlines, assigneeUnitID: nil,
                                   assigneeUserID: nil, logger: TestDatabase.logger)
    }

    @Test func fullWalkFromReceivedToPublishedKeepsEveryEvent() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            let id = try await makeItem(store)
            let steps: [TransitionRequest] = [
                .init(action: .accept),
                .init(action: .assign, assigneeUnit: "LC"),
                .init(action: .start),
                .init(action: .resolve, publicReply: "Đã sửa đường."),
                .init(action: .publish, publicTitle: "Đường vào xã bị hỏng"),
            ]
            for step in steps {
                guard case .applied = try await apply(store, id, step) else {
                    Issue.record("\(step.action) refused")
                    return
                }
            }
            let item = try #require(try await store.item(id: id, today: Self.today, logger: TestDatabase.logger))
            #expect(item.state == .published)
            #expect(item.acceptedOn == "2026-11-27")
            // 3 working days for "regulation" from Friday 27/11: Monday 30/11 is a holiday here.
            #expect(item.dueOn == "2026-12-03")
            #expect(item.resolution == "resolved")
            let events = try await store.events(itemID: id, logger: TestDatabase.logger)
            #expect(events.map(\.action) == ["receive", "accept", "assign", "start", "resolve", "publish"])
            let published = try await store.published(limit: 10, offset: 0, logger: TestDatabase.logger)
            #expect(published.first?.publicReply == "Đã sửa đường.")
            #expect(published.first?.publicTitle == "Đường vào xã bị hỏng")
            #expect(published.first?.publicID != nil && published.first?.publicID != id)
            #expect(item.publicTitle == "Đường vào xã bị hỏng")
        }
    }

    @Test func illegalTransitionIsRefusedAndChangesNothing() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            let id = try await makeItem(store)
            let outcome = try await apply(store, id, .init(action: .resolve, publicReply: "x"))
            guard case .refused(.illegalTransition(let from, _, let allowed)) = outcome else {
                Issue.record("expected a refusal, got \(outcome)")
                return
            }
            #expect(from == .received)
            #expect(allowed == [.accept, .markOutOfScope])
            #expect(try await store.events(itemID: id, logger: TestDatabase.logger).count == 1)
        }
    }

    @Test func concurrentTransitionsOnOneItemCannotBothWin() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            let id = try await makeItem(store)
            // Accept and mark out of scope at once: exactly one applies, the other is judged
            // against the state the first left, and refused.
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        if case .applied = try await apply(store, id, .init(action: .accept)) { return true }
                        return false
                    }
                    group.addTask {
                        let request = TransitionRequest(action: .markOutOfScope, outOfScopeReason: .complaint,
                                                        redirectTo: "Thanh tra tỉnh")
                        if case .applied = try await apply(store, id, request) { return true }
                        return false
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await store.events(itemID: id, logger: TestDatabase.logger).count == 2)
        }
    }

    @Test func searchIgnoresVietnameseMarksAndOverdueIsFlagged() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            let hanoi = try await makeItem(store, title: "Đường ở Hà Nội hỏng")
            _ = try await makeItem(store, title: "Cầu ở Đà Nẵng")
            var filter = FeedbackStore.ListFilter()
            filter.text = "ha noi"
            #expect(try await store.list(filter, today: Self.today, logger: TestDatabase.logger).map(\.id) == [hanoi])
            filter.text = "DUONG"
            #expect(try await store.list(filter, today: Self.today, logger: TestDatabase.logger).map(\.id) == [hanoi])
            filter.text = "100%"
            #expect(try await store.list(filter, today: Self.today, logger: TestDatabase.logger).isEmpty)

            guard case .applied = try await apply(store, hanoi, .init(action: .accept)) else { return }
            let later = CalendarDate("2026-12-10")!
            var overdue = FeedbackStore.ListFilter()
            overdue.overdueOnly = true
            #expect(try await store.list(overdue, today: Self.today, logger: TestDatabase.logger).isEmpty)
            let late = try await store.list(overdue, today: later, logger: TestDatabase.logger)
            #expect(late.map(\.id) == [hanoi])
            #expect(late.first?.overdue == true)
        }
    }

    @Test func ratingIsOncePerPublicationAndOnlyWhileItIsPublished() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            let id = try await makeItem(store)
            let code = try #require(try await store.item(id: id, today: Self.today, logger: TestDatabase.logger)?.trackingCode)
            let now = Date()
            func rate(_ proof: FeedbackStore.RatingProof, _ satisfied: Bool, _ reason: String? = nil,
                      at instant: Date = now) async throws -> FeedbackStore.RatingOutcome {
                try await store.rate(proof, satisfied: satisfied, reason: reason, ratingDays: 14, now: instant,
                                     logger: TestDatabase.logger)
            }
            #expect(try await rate(.trackingCode(code), true) == .notYetPublished)
            for request in [TransitionRequest(action: .accept), .init(action: .assign, assigneeUnit: "LC"), .init(action: .start),
                            .init(action: .forward, publicReply: "Đã chuyển.", competentBody: "Sở Xây dựng")] {
                _ = try await apply(store, id, request)
            }
            // Handled but not yet public: the tracking code does not rate it.
            #expect(try await rate(.trackingCode(code), false, "chậm") == .notYetPublished)
            #expect(try await store.publicStatus(trackingCode: code, logger: TestDatabase.logger)?.publicReply == nil,
                    "the reply is public only once published")
            _ = try await apply(store, id, .init(action: .publish, publicTitle: "Đường hỏng"))
            #expect(try await rate(.trackingCode(code), true, at: now.addingTimeInterval(15 * 86_400)) == .closed)
            #expect(try await rate(.link(itemID: id, round: 2), true) == .notFound, "a round not asked yet")
            // Dissatisfied without a reason: recorded, nothing reopens.
            #expect(try await rate(.trackingCode(code), false) == .recorded(reopenRequested: false))
            #expect(try await rate(.link(itemID: id, round: 1), false, "vẫn chậm") == .alreadyRated)
            var status = try #require(try await store.publicStatus(trackingCode: code, logger: TestDatabase.logger))
            #expect(status.rated && status.state == .published && status.ratingRound == 1)
            #expect(try await count("feedback_ratings", database) == 1)
        }
    }

    @Test func aDissatisfiedRatingWithAReasonAsksToReconsiderAndAReopenedItemIsRatedAgain() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            let id = try await makeItem(store)
            let code = try #require(try await store.item(id: id, today: Self.today, logger: TestDatabase.logger)?.trackingCode)
            func rate(_ proof: FeedbackStore.RatingProof, _ satisfied: Bool, _ reason: String? = nil) async throws
                -> FeedbackStore.RatingOutcome {
                try await store.rate(proof, satisfied: satisfied, reason: reason, ratingDays: 14, now: Date(),
                                     logger: TestDatabase.logger)
            }
            for request in [TransitionRequest(action: .accept), .init(action: .assign, assigneeUnit: "LC"), .init(action: .start),
                            .init(action: .resolve, publicReply: "Đã sửa."), .init(action: .publish, publicTitle: "Đường")] {
                _ = try await apply(store, id, request)
            }
            #expect(try await rate(.link(itemID: id, round: 1), false, "Đường vẫn hỏng") == .recorded(reopenRequested: true))
            var status = try #require(try await store.publicStatus(trackingCode: code, logger: TestDatabase.logger))
            #expect(status.state == .reopenRequested && status.rated)
            #expect(status.publicReply == "Đã sửa.", "the result stays public while it is reconsidered")
            let request = try #require(try await store.events(itemID: id, logger: TestDatabase.logger).last)
            #expect((request.actor, request.action, request.fromState, request.toState, request.note)
                == ("citizen", "request_reopen", "published", "reopen_requested", "Đường vẫn hỏng"))
            // Staff reopen it: in progress again, a new round that cannot be rated before publication.
            guard case .applied(.inProgress) = try await apply(store, id, .init(action: .reopen, note: "Kiểm tra lại")) else {
                Issue.record("not reopened")
                return
            }
            status = try #require(try await store.publicStatus(trackingCode: code, logger: TestDatabase.logger))
            #expect(status.ratingRound == 2 && !status.rated && status.publicReply == nil)
            #expect(try await rate(.trackingCode(code), true) == .notYetPublished)
            #expect(try await rate(.link(itemID: id, round: 1), true) == .alreadyRated)
            for request in [TransitionRequest(action: .resolve, publicReply: "Đã làm lại mặt đường."),
                            .init(action: .publish, publicTitle: "Đường")] {
                _ = try await apply(store, id, request)
            }
            #expect(try await rate(.trackingCode(code), true) == .recorded(reopenRequested: false))
            // A second request to reconsider, closed by staff with a reason (round 3 never opens).
            let second = try await makeItem(store, title: "Đèn đường hỏng")
            for request in [TransitionRequest(action: .accept), .init(action: .assign, assigneeUnit: "LC"), .init(action: .start),
                            .init(action: .resolve, publicReply: "Đã thay bóng."), .init(action: .publish, publicTitle: "Đèn")] {
                _ = try await apply(store, second, request)
            }
            #expect(try await rate(.link(itemID: second, round: 1), false, "Vẫn tối") == .recorded(reopenRequested: true))
            guard case .refused(.missingField("closingReason")) = try await apply(store, second, .init(action: .closeReopenRequest))
            else { Issue.record("closed without a reason"); return }
            guard case .applied(.published) = try await apply(store, second, .init(action: .closeReopenRequest,
                                                                                    closingReason: "Đèn đã sáng khi kiểm tra."))
            else { Issue.record("not closed"); return }
            let secondCode = try #require(try await store.item(id: second, today: Self.today, logger: TestDatabase.logger)?.trackingCode)
            status = try #require(try await store.publicStatus(trackingCode: secondCode, logger: TestDatabase.logger))
            #expect(status.state == .published && status.rated && status.ratingRound == 1)
            #expect(status.closingReason == "Đèn đã sáng khi kiểm tra.")
            let ratings = try await database.query("""
                SELECT round, satisfied, by_link FROM feedback_ratings WHERE item_id = \(id) ORDER BY round
                """, logger: TestDatabase.logger) { try $0.decode((Int, Bool, Bool).self) }
            #expect(ratings.map { "\($0.0):\($0.1):\($0.2)" } == ["1:false:true", "2:true:false"])
        }
    }
}
