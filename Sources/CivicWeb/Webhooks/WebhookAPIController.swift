import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// The webhook subscriptions of the admin API (`/api/v1/admin/webhooks…`, admins only as the
/// route table says): list, create (the secret in the answer, this once), one with its recent
/// deliveries and their attempts, deactivate. Bad input gets problem+json naming each field.
struct WebhookAPIController: Sendable {
    let subscriptions: WebhookSubscriptions?
    let deliveries: WebhookDeliveries?

    static let maximumBodySize = 16 * 1024

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.listWebhooks, handler: list)
        staff.register(StaffRoutes.createWebhook, handler: create)
        staff.register(StaffRoutes.webhook, handler: show)
        staff.register(StaffRoutes.deactivateWebhook, handler: deactivate)
    }

    struct SubscriptionView: ResponseCodable, Sendable {
        let id: String
        let name: String
        let url: String
        let events: [String]
        let allowsPersonalData: Bool
        let active: Bool
        let createdAt: String
        let deactivatedAt: String?

        init(_ subscription: WebhookSubscriptions.Subscription) {
            id = subscription.id.uuidString.lowercased()
            name = subscription.name
            url = subscription.url
            events = subscription.events.map(\.rawValue)
            allowsPersonalData = subscription.allowsPersonalData
            active = subscription.active
            createdAt = subscription.createdAt.formatted(.iso8601)
            deactivatedAt = subscription.deactivatedAt?.formatted(.iso8601)
        }
    }

    struct SubscriptionList: ResponseEncodable {
        let webhooks: [SubscriptionView]
    }

    struct Created: ResponseEncodable {
        let webhook: SubscriptionView
        /// Shown this once: the receiver verifies `CivicVoice-Signature` with it.
        let secret: String
    }

    struct AttemptView: Codable, Sendable {
        let attempt: Int
        let startedAt: String
        /// Absent when the worker stopped mid-send (the delivery was sent again after its lease).
        let finishedAt: String?
        let statusCode: Int?
        let error: String?
    }

    struct DeliveryView: Codable, Sendable {
        /// The idempotency key (`CivicVoice-Delivery`, `Idempotency-Key`).
        let id: String
        let eventID: String
        let eventType: String
        let occurredAt: String
        let state: String
        let attempts: Int
        let lastStatus: Int?
        let lastError: String?
        let nextAttemptAt: String?
        let deliveredAt: String?
        let attemptLog: [AttemptView]

        init(_ entry: WebhookDeliveries.Entry) {
            id = entry.id.uuidString.lowercased()
            eventID = entry.eventID.uuidString.lowercased()
            eventType = entry.eventType
            occurredAt = entry.occurredAt.formatted(.iso8601)
            state = entry.state.rawValue
            attempts = entry.attempts
            lastStatus = entry.lastStatus
            lastError = entry.lastError
            nextAttemptAt = entry.nextAttemptAt?.formatted(.iso8601)
            deliveredAt = entry.deliveredAt?.formatted(.iso8601)
            attemptLog = entry.attemptLog.map {
                AttemptView(attempt: $0.attempt, startedAt: $0.startedAt.formatted(.iso8601),
                            finishedAt: $0.finishedAt?.formatted(.iso8601), statusCode: $0.statusCode, error: $0.error)
            }
        }
    }

    struct Detail: ResponseEncodable {
        let webhook: SubscriptionView
        let deliveries: [DeliveryView]
    }

    private func stores() throws -> (WebhookSubscriptions, WebhookDeliveries) {
        guard let subscriptions, let deliveries else {
            throw Problem(status: .serviceUnavailable, title: "Webhooks unavailable",
                          detail: "DATA_KEYS is not set: webhook secrets cannot be sealed.")
        }
        return (subscriptions, deliveries)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> SubscriptionList {
        let (subscriptions, _) = try stores()
        return SubscriptionList(webhooks: try await subscriptions.list(logger: context.logger).map(SubscriptionView.init))
    }

    /// `{"name", "url", "events": [...], "allowsPersonalData"?: false}`.
    @Sendable func create(_ request: Request, context: AppRequestContext,
                          access: StaffAccess) async throws -> EditedResponse<Created> {
        let (subscriptions, _) = try stores()
        let body = try await JSONBody.object(request, limit: Self.maximumBodySize)
        var errors: [[String: String]] = []
        func string(_ field: String) -> String? {
            switch body[field] {
            case .string(let value)?: return value
            case nil, .null?: return nil
            default:
                errors.append(["field": field, "code": "expected_string"])
                return nil
            }
        }
        let name = string("name")
        let url = string("url")
        var events: [String] = []
        switch body["events"] {
        case .array(let values)?:
            for value in values {
                if case .string(let text) = value { events.append(text) } else {
                    errors.append(["field": "events", "code": "expected_string"])
                }
            }
        case nil, .null?: break
        default: errors.append(["field": "events", "code": "expected_array"])
        }
        var personal = false
        switch body["allowsPersonalData"] {
        case .bool(let value)?: personal = value
        case nil, .null?: break
        default: errors.append(["field": "allowsPersonalData", "code": "expected_boolean"])
        }
        for field in body.keys.sorted() where !["name", "url", "events", "allowsPersonalData"].contains(field) {
            errors.append(["field": field, "code": "unknown_field"])
        }
        let input = WebhookSubscriptionInput.validate(name: name, url: url, events: events, allowsPersonalData: personal)
        if case .failure(let problems) = input {
            errors += problems.errors.map { ["field": $0.field, "code": $0.code, "message": $0.message] }
        }
        guard errors.isEmpty, case .success(let valid) = input else {
            throw Problem(status: .unprocessableContent, title: "Invalid webhook",
                          detail: "\(errors.count) field\(errors.count == 1 ? " has an error" : "s have errors").",
                          extensions: ["errors": .objects(errors)])
        }
        let created = try await subscriptions.create(name: valid.name, endpoint: valid.endpoint, events: valid.events,
                                                     allowsPersonalData: valid.allowsPersonalData, by: access.actor,
                                                     logger: context.logger)
        return EditedResponse(status: .created, response: Created(webhook: SubscriptionView(created.subscription),
                                                                  secret: created.secret))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Detail {
        let (subscriptions, deliveries) = try stores()
        let id = try Self.subscriptionID(context)
        guard let subscription = try await subscriptions.find(id, logger: context.logger) else { throw Self.notFound }
        let limit = request.uri.queryParameters.get("limit").map { Int($0) ?? -1 } ?? 50
        guard (1...500).contains(limit) else {
            throw Problem(status: .badRequest, title: "Invalid limit", detail: "limit must be 1 to 500.")
        }
        return Detail(webhook: SubscriptionView(subscription),
                      deliveries: try await deliveries.recent(subscriptionID: id, limit: limit, logger: context.logger)
                          .map(DeliveryView.init))
    }

    @Sendable func deactivate(_ request: Request, context: AppRequestContext,
                              access: StaffAccess) async throws -> SubscriptionView {
        let (subscriptions, _) = try stores()
        let id = try Self.subscriptionID(context)
        guard try await subscriptions.deactivate(id, by: access.actor, logger: context.logger),
              let subscription = try await subscriptions.find(id, logger: context.logger) else { throw Self.notFound }
        return SubscriptionView(subscription)
    }

    static func subscriptionID(_ context: AppRequestContext) throws -> UUID {
        guard let text = context.parameters.get("webhook"), let id = UUID(uuidString: text) else { throw notFound }
        return id
    }

    static let notFound = Problem(status: .notFound, title: "Unknown webhook", detail: "No webhook subscription has this id.")
}
