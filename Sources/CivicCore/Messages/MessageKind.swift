/// Why a citizen is written to about their PAKN item: one message per step of its handling that
/// the citizen needs to know of.
///
/// The raw values are stored in `outbox_messages.kind` and are the keys of `Forms/messages/<lang>.yaml`.
public enum MessageKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The item was received: its tracking code and the link to its status page.
    case receipt
    /// The agency took it on: the date by which it is to be handled.
    case accepted
    /// Not feedback this service handles: where to go instead (Nghị định 20/2008/NĐ-CP).
    case outOfScope = "out_of_scope"
    /// The result is public: the public reply and the link where the handling is rated.
    case published
    /// Staff upheld the citizen's request to reconsider a result: the item is handled again.
    case reopened
    /// Staff closed the citizen's request to reconsider a result, with their reason.
    case reopenDeclined = "reopen_declined"

    /// The placeholders a template of this kind may use.
    public var placeholders: Set<String> {
        switch self {
        case .receipt: ["tracking_code", "status_link"]
        case .accepted: ["tracking_code", "status_link", "due_date"]
        case .outOfScope: ["tracking_code", "status_link", "redirect_to"]
        case .published: ["tracking_code", "status_link", "public_reply", "rating_link", "rating_days"]
        case .reopened: ["tracking_code", "status_link"]
        case .reopenDeclined: ["tracking_code", "status_link", "closing_reason"]
        }
    }

    /// The placeholders a template of this kind must use, in its subject or its body: what the
    /// citizen is written to for.
    public var requiredPlaceholders: Set<String> {
        switch self {
        case .receipt: ["tracking_code", "status_link"]
        case .accepted: ["tracking_code", "due_date"]
        case .outOfScope: ["tracking_code", "redirect_to"]
        case .published: ["tracking_code", "public_reply", "rating_link"]
        case .reopened: ["tracking_code", "status_link"]
        case .reopenDeclined: ["tracking_code", "closing_reason"]
        }
    }
}
