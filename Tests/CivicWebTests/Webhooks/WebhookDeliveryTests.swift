import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Logging
import Testing
@testable import CivicWeb

/// Webhook deliveries end to end against the real PostgreSQL and a receiver on loopback: written
/// by the PAKN store's own transactions (the trigger on the item's history), sent by the worker
/// with async-http-client, each signature verified by the receiver.
@Suite(.timeLimit(.minutes(3)))
struct WebhookDeliveryTests {
    static let keys = [DataKey(id: "k1", material: Array(repeating: 7, count: 32))]
    static let calendar = WorkingCalendar(holidays: [])
    static let deadlines = DeadlinePolicy(defaultDays: 15, categories: [:], units: [:])
    static let actor = FeedbackStore.Actor(userID: nil, login: "cli:test")

    struct Fixture {
        let subscriptions: WebhookSubscriptions
        let deliveries: WebhookDeliveries
        let feedback: FeedbackStore
        let vault: ContactVault
        let worker: WebhookWorker
    }

    /// The backoff and the lease are an hour: far longer than any round of posts on a loaded
    /// machine, so nothing falls due by itself during a test. The tests move time on by moving the
    /// deliveries' own timestamps (``elapse(_:_:)``), not by sleeping.
    static func fixture(_ database: Database, lease: Duration = .seconds(3600), firstDelay: Duration = .seconds(3600)) throws -> Fixture {
        let subscriptions = try WebhookSubscriptions(database: database, keys: keys)
        let deliveries = WebhookDeliveries(subscriptions: subscriptions, firstDelay: firstDelay, lease: lease)
        let vault = try ContactVault(database: database, keys: keys)
        let sender = WebhookSender(vault: vault, templates: TestApp.forms.workflow.messages,
                                   publicBaseURL: "https://pakn.example.vn", clock: .system)
        let worker = WebhookWorker(deliveries: deliveries, sender: sender, logger: TestDatabase.logger)
        return Fixture(subscriptions: subscriptions, deliveries: deliveries, feedback: FeedbackStore(database: database),
                       vault: vault, worker: worker)
    }

    /// Stores an item through the PAKN store (the path intake takes), with contact details when given.
    static func item(_ fixture: Fixture, contact: ContactDetails? = nil) async throws -> UUID {
        let database = fixture.feedback.database
        let forms = try FormCatalog.load(directory: TestDatabase.repositoryRoot.appendingPathComponent("Forms"))
        try await FormStore(database: database).synchronise(Array(forms.forms.values), logger: TestDatabase.logger)
        let id = UUID()
        var generator = SystemRandomNumberGenerator()
        let item = FeedbackStore.NewItem(
            id: id, formID: "pakn", formVersion: forms.form(id: "pakn")!.version, category: "regulation",
            title: "Đường hỏng ở bản Cát Cát", content: "Nội dung", procedureName: nil, unitID: nil, language: "vi",
            channel: "api", receivedOn: CalendarDate.inVietnam(at: Date()),
            trackingSuffix: TrackingCode.randomSuffix(using: &generator), contentDigest: "d-\(id)", attachments: [])
        let newContact = try contact.map {
            FeedbackStore.NewContact(details: $0, consent: try #require(ContactConsent(answer: "yes", at: Date())),
                                     vault: fixture.vault)
        }
        _ = try await fixture.feedback.insert(item, contact: newContact, logger: TestDatabase.logger)
        return id
    }

    /// As if `seconds` had passed for every delivery: its next attempt and its lease come that
    /// much sooner.
    static func elapse(_ database: Database, _ seconds: Int) async throws {
        try await database.execute("""
            UPDATE webhook_deliveries
            SET next_attempt_at = next_attempt_at - make_interval(secs => \(seconds)),
                leased_until = leased_until - make_interval(secs => \(seconds))
            """, logger: TestDatabase.logger)
    }

    static func subscribe(_ fixture: Fixture, _ receiver: WebhookReceiver, base: String, path: String,
                          events: [WebhookEvent], personal: Bool) async throws -> WebhookSubscriptions.Created {
        let created = try await fixture.subscriptions.create(
            name: "Receiver \(path)", endpoint: try WebhookEndpoint.parse(base + path).get(), events: events,
            allowsPersonalData: personal, by: .commandLine(osUser: "test"), logger: TestDatabase.logger)
        await receiver.setSecret(created.secret, for: path)
        return created
    }

    @Test func aReceiverVerifiesEverySignatureAndSeesTheRetryAfterItAnswered500Once() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let receiver = WebhookReceiver()
            await receiver.setFailFirstAttempt(true)
            try await WebhookReceiver.run(receiver) { base in try await WebhookSender.withClient { client in
                // setup: a platform for every event, without personal data; an SMS gateway for
                // receipts, allowed to receive them
                let fixture = try Self.fixture(database)
                let platform = try await Self.subscribe(fixture, receiver, base: base, path: "/platform",
                                                        events: WebhookEvent.allCases, personal: false)
                let gateway = try await Self.subscribe(fixture, receiver, base: base, path: "/sms",
                                                       events: [.feedbackReceived], personal: true)
                let item = try await Self.item(fixture, contact: try ContactDetails(name: "Nguyễn Thị Hoa", phone: "0912 345 678"))
                guard case .applied = try await fixture.feedback.transition(
                    itemID: item, request: .init(action: .accept), actor: Self.actor, today: CalendarDate.inVietnam(at: Date()),
                    calendar: Self.calendar, deadlines: Self.deadlines, assigneeUnitID: nil, assigneeUserID: nil,
                    logger: TestDatabase.logger) else { Issue.record("not accepted"); return }
                let code = try await database.query("SELECT tracking_code FROM feedback_items WHERE id = \(item)",
                                                    logger: TestDatabase.logger) { try $0.decode(String.self) }[0]

                // act: a first round meets 500s; after the backoff a second round delivers
                #expect(try await fixture.worker.deliverDue(with: client) == 3)
                #expect(await receiver.received.map(\.status) == [500, 500, 500])
                #expect(try await fixture.worker.deliverDue(with: client) == 0, "nothing is due before the backoff")
                let waits = try await database.query("""
                    SELECT min(extract(epoch FROM next_attempt_at - now()))::float8,
                           max(extract(epoch FROM next_attempt_at - now()))::float8
                    FROM webhook_deliveries
                    """, logger: TestDatabase.logger) { try $0.decode((Double, Double).self) }[0]
                #expect(waits.0 > 3000 && waits.1 <= 3600, "the first retry waits the first delay: \(waits)")
                try await Self.elapse(database, 3601)
                #expect(try await fixture.worker.deliverDue(with: client) == 3)
                #expect(try await fixture.worker.deliverDue(with: client) == 0, "delivered ones are not sent again")

                // validate: every signature checked, each delivery seen twice with one key
                let received = await receiver.received
                #expect(received.count == 6)
                #expect(received.allSatisfy { $0.verified }, "the receiver verified every signature")
                let byKey = Dictionary(grouping: received, by: \.key)
                #expect(byKey.count == 3)
                for (key, attempts) in byKey {
                    #expect(attempts.map(\.status) == [500, 200], "\(key)")
                    #expect(attempts.map { $0.headers["civicvoice-attempt"] ?? "" } == ["1", "2"])
                    #expect(Set(attempts.map { $0.headers["civicvoice-delivery"] ?? "" }) == [key])
                }
                let platformTypes = received.filter { $0.path == "/platform" && $0.status == 200 }
                    .map { $0.json["type"] as? String ?? "" }
                #expect(Set(platformTypes) == ["feedback.received", "feedback.state_changed"])
                // personal data only where allowed; the SMS body without marks, one GSM-7 part
                for delivery in received where delivery.path == "/platform" {
                    #expect(delivery.json["contact"] == nil)
                    #expect(!String(decoding: delivery.body, as: UTF8.self).contains("0912"))
                }
                let sms = try #require(received.last { $0.path == "/sms" })
                #expect((sms.json["contact"] as? [String: Any])?["phone"] as? String != nil)
                #expect((sms.json["contact"] as? [String: Any])?["name"] as? String == "Nguyễn Thị Hoa")
                #expect(sms.json["sms_text"] as? String == "Da tiep nhan phan anh, kien nghi \(code) https://pakn.example.vn/pakn/\(code)")
                #expect(sms.json["sms_segments"] as? Int == 1)
                #expect(sms.json["sms_encoding"] as? String == "gsm-7")
                #expect((sms.json["data"] as? [String: Any])?["tracking_code"] as? String == code)
                let accepted = try #require(received.last { $0.json["type"] as? String == "feedback.state_changed" })
                #expect((accepted.json["data"] as? [String: Any])?["state"] as? String == "accepted")
                #expect(accepted.json["sms_text"] as? String == "Phan anh, kien nghi \(code) da duoc thu ly https://pakn.example.vn/pakn/\(code)")
                // the event id is shared by both subscriptions' deliveries of the receipt
                let receiptIDs = Set(received.filter { $0.json["type"] as? String == "feedback.received" }.map { $0.json["id"] as? String ?? "" })
                #expect(receiptIDs.count == 1)

                // the attempts as the console shows them
                let log = try await fixture.deliveries.recent(subscriptionID: gateway.subscription.id, logger: TestDatabase.logger)
                #expect(log.count == 1)
                #expect(log.first?.state == .delivered)
                #expect(log.first?.attemptLog.map(\.statusCode) == [500, 200])
                #expect(try await fixture.deliveries.recent(subscriptionID: platform.subscription.id, logger: TestDatabase.logger)
                    .allSatisfy { $0.state == .delivered && $0.attempts == 2 })
                let sample = received.first { $0.path == "/sms" && $0.status == 200 }!
                print("webhook sample delivery: POST \(sample.path)")
                for name in ["civicvoice-event", "civicvoice-delivery", "idempotency-key", "civicvoice-attempt", "civicvoice-signature"] {
                    print("  \(name): \(sample.headers[name] ?? "")")
                }
                print("  body: \(String(decoding: sample.body, as: UTF8.self))")
                print("  verified by the receiver: \(sample.verified)")
            } }
        }
    }

    @Test func aWorkerKilledMidSendSendsNothingTwiceThatTheReceiverAcknowledged() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let receiver = WebhookReceiver()
            try await WebhookReceiver.run(receiver) { base in try await WebhookSender.withClient { client in
                // setup: two receipts queued for one subscription
                let fixture = try Self.fixture(database)
                _ = try await Self.subscribe(fixture, receiver, base: base, path: "/platform",
                                             events: [.feedbackReceived], personal: false)
                _ = try await Self.item(fixture)
                _ = try await Self.item(fixture)

                // act: a worker takes one and sends it; the receiver acknowledges it; the worker
                // dies before recording that (it never calls record)
                let dying = try #require(try await fixture.deliveries.take(logger: TestDatabase.logger))
                let outcome = await fixture.worker.sender.deliver(dying, with: client, logger: TestDatabase.logger)
                #expect(outcome == .delivered(status: 200))
                // another worker meanwhile sends only the other one: the lease still holds
                #expect(try await fixture.worker.deliverDue(with: client) == 1)
                #expect(try await fixture.worker.deliverDue(with: client) == 0)
                // once the lease expired, the delivery is sent again with the same key
                try await Self.elapse(database, 3601)
                #expect(try await fixture.worker.deliverDue(with: client) == 1)
                for _ in 0..<3 { #expect(try await fixture.worker.deliverDue(with: client) == 0) }
                // the dead worker's late record changes nothing
                #expect(try await fixture.deliveries.record(dying, .retry(status: 500, reason: "late"), logger: TestDatabase.logger) == nil)

                // validate
                let received = await receiver.received
                #expect(received.allSatisfy { $0.verified })
                let byKey = Dictionary(grouping: received, by: \.key)
                #expect(byKey.count == 2)
                #expect(byKey[dying.id.uuidString.lowercased()]?.map(\.duplicate) == [false, true],
                        "re-sent once with the same key, which the receiver recognised")
                #expect(byKey.values.filter { $0.count == 1 }.count == 1, "the other one was sent once")
                #expect(received.filter { !$0.duplicate }.count == 2, "the receiver processed each delivery once")
                let states = try await database.query("""
                    SELECT d.state, d.attempts, count(a.finished_at), count(*)
                    FROM webhook_deliveries d
                    JOIN webhook_attempts a ON a.delivery_id = d.id
                    WHERE d.id = \(dying.id)
                    GROUP BY d.state, d.attempts
                    """, logger: TestDatabase.logger) { try $0.decode((String, Int, Int, Int).self) }
                #expect(states.first.map { "\($0.0) \($0.1) \($0.2)/\($0.3)" } == "delivered 2 1/2",
                        "two attempts, the dead worker's never finished")
            } }
        }
    }

    @Test func aDeactivatedSubscriptionGetsNothingMoreAndNoEventWithoutSubscription() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let fixture = try Self.fixture(database)
            _ = try await Self.item(fixture)
            let counts = try await fixture.deliveries.counts(logger: TestDatabase.logger)
            #expect(counts.queued == 0 && counts.failed == 0)
            let none = try await database.query("SELECT count(*) FROM webhook_deliveries", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }[0]
            #expect(none == 0, "no subscription, no delivery")
            let created = try await fixture.subscriptions.create(
                name: "Off soon", endpoint: try WebhookEndpoint.parse("http://127.0.0.1:9/hook").get(),
                events: [.feedbackReceived], allowsPersonalData: false, by: .commandLine(osUser: "test"), logger: TestDatabase.logger)
            _ = try await Self.item(fixture)
            #expect(try await fixture.subscriptions.deactivate(created.subscription.id, by: .commandLine(osUser: "test"),
                                                               logger: TestDatabase.logger))
            _ = try await Self.item(fixture)
            let rows = try await database.query("SELECT state FROM webhook_deliveries", logger: TestDatabase.logger) {
                try $0.decode(String.self)
            }
            #expect(rows == ["failed"], "the queued one is given up; none is written after deactivation")
            #expect(try await fixture.deliveries.take(logger: TestDatabase.logger) == nil)
            // the secret is sealed at rest
            let stored = try await database.query("SELECT secret_ciphertext FROM webhook_subscriptions", logger: TestDatabase.logger) {
                try $0.decode(Data.self)
            }[0]
            #expect(!String(decoding: stored, as: UTF8.self).contains(created.secret))
        }
    }
}
