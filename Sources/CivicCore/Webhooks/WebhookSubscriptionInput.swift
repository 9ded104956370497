import Foundation

/// What an admin asks for when registering a webhook (the console's form and the API's body),
/// checked once for both: a name, a URL (``WebhookEndpoint``), at least one known event, and
/// whether it may receive personal data. Every problem is listed, by field, with a code.
public struct WebhookSubscriptionInput: Sendable, Hashable {
    public let name: String
    public let endpoint: WebhookEndpoint
    public let events: [WebhookEvent]
    public let allowsPersonalData: Bool

    public struct FieldError: Sendable, Hashable {
        public let field: String
        public let code: String
        public let message: String
    }

    /// Every problem of one request.
    public struct Problems: Error, Sendable, Hashable {
        public let errors: [FieldError]
    }

    public static func validate(name rawName: String?, url: String?, events rawEvents: [String],
                                allowsPersonalData: Bool) -> Result<WebhookSubscriptionInput, Problems> {
        var errors: [FieldError] = []
        let name = VietnameseText.nfc((rawName ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        if name.isEmpty {
            errors.append(.init(field: "name", code: "required", message: "A name is required."))
        } else if name.count > 200 || name.contains(where: \.isNewline) || VietnameseText.containsDisallowedControlCharacters(name) {
            errors.append(.init(field: "name", code: "invalid", message: "The name must be one line of at most 200 characters."))
        }
        var endpoint: WebhookEndpoint?
        switch WebhookEndpoint.parse(url ?? "") {
        case .success(let value): endpoint = value
        case .failure(let problem):
            errors.append(.init(field: "url", code: problem == .empty ? "required" : "invalid_url",
                                message: WebhookEndpoint.message(problem)))
        }
        var events: [WebhookEvent] = []
        for raw in rawEvents {
            if let event = WebhookEvent(rawValue: raw) {
                if !events.contains(event) { events.append(event) }
            } else {
                errors.append(.init(field: "events", code: "unknown_event",
                                    message: "Unknown event; known: \(WebhookEvent.allCases.map(\.rawValue).joined(separator: ", "))."))
            }
        }
        if rawEvents.isEmpty {
            errors.append(.init(field: "events", code: "required", message: "Choose at least one event."))
        }
        guard errors.isEmpty, let endpoint else { return .failure(Problems(errors: errors)) }
        return .success(WebhookSubscriptionInput(name: name, endpoint: endpoint,
                                                 events: WebhookEvent.allCases.filter(events.contains),
                                                 allowsPersonalData: allowsPersonalData))
    }
}
