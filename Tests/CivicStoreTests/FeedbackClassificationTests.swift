import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

/// Section 5 of issue 11: an item nobody triages becomes overdue from its receipt, and the
/// handling deadline may count from receipt.
@Suite(.timeLimit(.minutes(2)))
struct FeedbackClassificationTests {
    /// Monday 2026-11-30 is a holiday here.
    static let calendar = WorkingCalendar(holidays: [CalendarDate("2026-11-30")!])
    static let receivedOn = CalendarDate("2026-11-27")!   // a Friday
    static let actor = FeedbackStore.Actor(userID: nil, login: "cli:test")

    func makeItem(_ store: FeedbackStore, category: String) async throws -> UUID {
        let forms = try FormCatalog.load(directory: TestDatabase.repositoryRoot.appendingPathComponent("Forms"))
        try await FormStore(database: store.database).synchronise(Array(forms.forms.values), logger: TestDatabase.logger)
        let id = UUID()
        var generator = SystemRandomNumberGenerator()
        let outcome = try await store.insert(.init(
            id: id, formID: "pakn", formVersion: forms.form(id: "pakn")!.version, category: category, title: "Thủ tục",
            content: "Nội dung", procedureName: nil, unitID: nil, language: "vi", channel: "api", receivedOn: Self.receivedOn,
            trackingSuffix: TrackingCode.randomSuffix(using: &generator), contentDigest: "d-\(id)", attachments: []),
            logger: TestDatabase.logger)
        guard case .created = outcome else { Issue.record("not created: \(outcome)"); return id }
        return id
    }

    @Test func anItemNobodyClassifiesIsOverdueInTheListAndTheCounts() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            // 3 working days for most categories, 1 for regulation.
            let policy = DeadlinePolicy(defaultDays: 15, classificationCategories: ["regulation": 1])
            let slow = try await makeItem(store, category: "official_conduct")
            let urgent = try await makeItem(store, category: "regulation")
            func overdueIDs(on day: String) async throws -> Set<UUID> {
                let today = CalendarDate(day)!
                var filter = FeedbackStore.ListFilter()
                filter.overdueOnly = true
                let page = try await store.listPage(filter, today: today,
                                                    classification: policy.classificationCutoffs(today: today, calendar: Self.calendar),
                                                    logger: TestDatabase.logger)
                #expect(page.overdueCount == page.items.count)
                return Set(page.items.filter(\.overdue).map(\.id))
            }
            // Received Fri 27/11; Mon 30/11 is off: regulation due Tue 1/12, the others Thu 3/12.
            #expect(try await overdueIDs(on: "2026-12-01").isEmpty)
            #expect(try await overdueIDs(on: "2026-12-02") == [urgent])
            #expect(try await overdueIDs(on: "2026-12-03") == [urgent])
            #expect(try await overdueIDs(on: "2026-12-04") == [urgent, slow])
            // Without the classification clock, nothing awaiting triage is overdue (as before).
            var all = FeedbackStore.ListFilter()
            all.overdueOnly = true
            #expect(try await store.list(all, today: CalendarDate("2026-12-04")!, logger: TestDatabase.logger).isEmpty)

            let today = CalendarDate("2026-12-02")!
            let counts = try await AnalyticsStore(database: database).feedbackCounts(
                period: try ReportingPeriod(parsing: "2026-11"), today: today, calendar: Self.calendar,
                classification: policy.classificationCutoffs(today: today, calendar: Self.calendar),
                logger: TestDatabase.logger)
            #expect(counts.pending == 2)
            #expect(counts.overdue == 1)
            #expect(counts.overdueUnclassified == 1)

            // Accepting stops the classification clock.
            _ = try await store.transition(itemID: urgent, request: .init(action: .accept), actor: Self.actor, today: today,
                                           calendar: Self.calendar, deadlines: policy, assigneeUnitID: nil,
                                           assigneeUserID: nil, logger: TestDatabase.logger)
            #expect(try await overdueIDs(on: "2026-12-02").isEmpty)
        }
    }

    @Test func theHandlingDeadlineCountsFromReceiptWhenTheFileSaysSo() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = FeedbackStore(database: database)
            let acceptedOn = CalendarDate("2026-12-02")!
            var dueDates: [String] = []
            for start in DeadlinePolicy.HandlingStart.allCases {
                let policy = DeadlinePolicy(defaultDays: 15, categories: ["regulation": 3], handlingStart: start)
                let id = try await makeItem(store, category: "regulation")
                _ = try await store.transition(itemID: id, request: .init(action: .accept), actor: Self.actor,
                                               today: acceptedOn, calendar: Self.calendar, deadlines: policy,
                                               assigneeUnitID: nil, assigneeUserID: nil, logger: TestDatabase.logger)
                dueDates.append(try #require(try await store.item(id: id, today: acceptedOn, logger: TestDatabase.logger)?.dueOn))
            }
            // From acceptance (Wed 2/12): Thu 3, Fri 4, Mon 7. From receipt (Fri 27/11, Mon 30 off): Tue 1, Wed 2, Thu 3.
            #expect(dueDates == ["2026-12-07", "2026-12-03"])
        }
    }
}
