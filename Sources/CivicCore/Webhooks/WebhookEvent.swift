/// The events a webhook subscription may ask for (issue 15).
public enum WebhookEvent: String, Sendable, Hashable, Codable, CaseIterable {
    /// A PAKN item was received (web, API, kiosk).
    case feedbackReceived = "feedback.received"
    /// A PAKN item moved from one state to another (staff, a linked main item, a citizen's rating).
    case feedbackStateChanged = "feedback.state_changed"
    /// A PAKN item's result was made public.
    case feedbackPublished = "feedback.published"
    /// A survey response was stored.
    case responseStored = "response.stored"

    /// Whether the event is about a PAKN item, and so may carry its citizen's contact details
    /// (to a subscription allowed to receive them) and an SMS body.
    public var isAboutFeedback: Bool { self != .responseStored }
}
