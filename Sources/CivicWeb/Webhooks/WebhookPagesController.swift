import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The console's webhook pages, for admins: `/staff/admin/webhooks` (the subscriptions and a form
/// to add one; the new secret is shown on the answer to that form, once, never in a URL),
/// `/staff/admin/webhooks/{id}` (its recent deliveries, each attempt with its status code or error)
/// and deactivation. The same checks as the API (``WebhookSubscriptionInput``).
struct WebhookPagesController: Sendable {
    let subscriptions: WebhookSubscriptions?
    let deliveries: WebhookDeliveries?
    let pages: StaffPageRenderer

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.webhooksPage, handler: list)
        staff.register(StaffRoutes.webhookCreatePage, handler: create)
        staff.register(StaffRoutes.webhookPage, handler: show)
        staff.register(StaffRoutes.webhookDeactivatePage, handler: deactivate)
    }

    struct EventOption: Sendable {
        let value: String
        let id: String
        let checked: Bool
    }

    struct Row: Sendable {
        let name: String
        let url: String
        let events: String
        let personal: String
        let state: String
        let href: String
    }

    struct ListPage: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let csrf: String
        let available: Bool
        let rows: [Row]
        let hasRows: Bool
        let errors: [String]
        let hasErrors: Bool
        let name: String
        let url: String
        let personalChecked: Bool
        let eventOptions: [EventOption]
        /// The secret of the subscription just created: on this answer only.
        let secret: String?
        let createdName: String?
    }

    struct AttemptRow: Sendable {
        let attempt: Int
        let startedAt: String
        let outcome: String
    }

    struct DeliveryRow: Sendable {
        let id: String
        let eventType: String
        let occurredAt: String
        let state: String
        let attempts: [AttemptRow]
    }

    struct DetailPage: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let name: String
        let url: String
        let events: String
        let personal: String
        let state: String
        let active: Bool
        let deactivateAction: String
        let deactivateCSRF: String
        let deliveries: [DeliveryRow]
        let hasDeliveries: Bool
        let notice: String?
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await renderList(request, access: access, logger: context.logger)
    }

    private func renderList(_ request: Request, access: StaffAccess, logger: Logger, status: HTTPResponse.Status = .ok,
                            errors: [String] = [], typed: (name: String, url: String, events: Set<String>, personal: Bool)? = nil,
                            created: WebhookSubscriptions.Created? = nil) async throws -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.webhooksPage.path)
        let all = try await subscriptions?.list(logger: logger) ?? []
        let rows = all.map { subscription in
            Row(name: subscription.name, url: subscription.url, events: subscription.events.map(\.rawValue).joined(separator: ", "),
                personal: page(subscription.allowsPersonalData ? "staff.webhooks.yes" : "staff.webhooks.no"),
                state: page(subscription.active ? "staff.webhooks.active" : "staff.webhooks.inactive"),
                href: "/staff/admin/webhooks/\(subscription.id.uuidString.lowercased())")
        }
        let chosen = typed?.events ?? []
        let model = ListPage(
            chrome: page.chrome(page("staff.webhooks.title")), t: page.text.labels("staff.webhooks"),
            csrf: page.token(StaffRoutes.webhookCreatePage.path), available: subscriptions != nil,
            rows: rows, hasRows: !rows.isEmpty, errors: errors, hasErrors: !errors.isEmpty,
            name: typed?.name ?? "", url: typed?.url ?? "", personalChecked: typed?.personal ?? false,
            eventOptions: WebhookEvent.allCases.map {
                EventOption(value: $0.rawValue, id: "f-event-" + $0.rawValue.replacingOccurrences(of: ".", with: "-"),
                            checked: chosen.contains($0.rawValue))
            },
            secret: created?.secret, createdName: created?.subscription.name)
        return pages.render(model, template: "staff-admin-webhooks", page: page, status: status)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.webhooksPage.path)
        let text = pages.page(request, access: access).text
        guard let subscriptions else {
            return try await renderList(request, access: access, logger: context.logger, status: .serviceUnavailable,
                                        errors: [text.text("staff.webhooks.unavailable")])
        }
        let events = (fields.values["events"] ?? []).map(VietnameseText.cleanedInput)
        let personal = fields.text("personal") == "yes"
        let typed = (name: fields.text("name") ?? "", url: fields.text("url") ?? "", events: Set(events), personal: personal)
        switch WebhookSubscriptionInput.validate(name: fields.text("name"), url: fields.text("url"), events: events,
                                                 allowsPersonalData: personal) {
        case .failure(let problems):
            let messages = problems.errors.map { problem in
                text.text("staff.webhooks.error_\(problem.field)_\(problem.code)")
            }
            return try await renderList(request, access: access, logger: context.logger, status: .unprocessableContent,
                                        errors: Array(Set(messages)).sorted(), typed: typed)
        case .success(let input):
            let created = try await subscriptions.create(name: input.name, endpoint: input.endpoint, events: input.events,
                                                         allowsPersonalData: input.allowsPersonalData, by: access.actor,
                                                         logger: context.logger)
            return try await renderList(request, access: access, logger: context.logger, status: .created, created: created)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let page = pages.page(request, access: access)
        guard let subscriptions, let deliveries,
              let id = context.parameters.get("webhook").flatMap(UUID.init(uuidString:)),
              let subscription = try await subscriptions.find(id, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = CalendarDate.vietnamTimeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let entries = try await deliveries.recent(subscriptionID: id, limit: 100, logger: context.logger)
        let rows = entries.map { entry in
            DeliveryRow(
                id: entry.id.uuidString.lowercased(), eventType: entry.eventType,
                occurredAt: formatter.string(from: entry.occurredAt),
                state: page("staff.webhooks.state_\(entry.state.rawValue)"),
                attempts: entry.attemptLog.map { attempt in
                    let outcome: String
                    if attempt.finishedAt == nil {
                        outcome = page("staff.webhooks.attempt_unfinished")
                    } else if let code = attempt.statusCode {
                        outcome = "HTTP \(code)"
                    } else {
                        outcome = attempt.error ?? ""
                    }
                    return AttemptRow(attempt: attempt.attempt, startedAt: formatter.string(from: attempt.startedAt),
                                      outcome: outcome)
                })
        }
        let action = StaffRoutes.webhookDeactivatePage.path.replacingOccurrences(of: ":webhook", with: id.uuidString.lowercased())
        let model = DetailPage(
            chrome: page.chrome(subscription.name), t: page.text.labels("staff.webhooks"), name: subscription.name,
            url: subscription.url, events: subscription.events.map(\.rawValue).joined(separator: ", "),
            personal: page(subscription.allowsPersonalData ? "staff.webhooks.yes" : "staff.webhooks.no"),
            state: page(subscription.active ? "staff.webhooks.active" : "staff.webhooks.inactive"),
            active: subscription.active, deactivateAction: action, deactivateCSRF: page.token(action),
            deliveries: rows, hasDeliveries: !rows.isEmpty,
            notice: page.parameters["done"] == "deactivated" ? page("staff.webhooks.deactivated") : nil)
        return pages.render(model, template: "staff-admin-webhook", page: page)
    }

    @Sendable func deactivate(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        _ = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.webhooksPage.path)
        guard let subscriptions, let id = context.parameters.get("webhook").flatMap(UUID.init(uuidString:)),
              try await subscriptions.deactivate(id, by: access.actor, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        return Response(status: .seeOther,
                        headers: [.location: "/staff/admin/webhooks/\(id.uuidString.lowercased())?done=deactivated"])
    }
}
