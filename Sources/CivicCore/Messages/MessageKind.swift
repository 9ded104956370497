/// Why a message is written: to a citizen about their PAKN item, one message per step of its
/// handling that the citizen needs to know of; or to staff, reminders of what is coming due
/// (``Audience/staff``).
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
    /// To the item's assignee: it is due in a few working days (REMINDER_LEAD_DAYS).
    case reminder
    /// To the handlers of the parent unit: the item is past its due date and not handled.
    case overdue
    /// To a unit's handlers, once a working day: what is overdue and what comes due soon.
    case digest

    /// Who a message of this kind is written to.
    public enum Audience: Sendable, Hashable {
        /// The citizen who sent the item and left an email with consent.
        case citizen
        /// A staff account with an email on it.
        case staff
    }

    public var audience: Audience {
        switch self {
        case .receipt, .accepted, .outOfScope, .published, .reopened, .reopenDeclined: .citizen
        case .reminder, .overdue, .digest: .staff
        }
    }

    /// The placeholders a template of this kind may use.
    public var placeholders: Set<String> {
        switch self {
        case .receipt: ["tracking_code", "status_link"]
        case .accepted: ["tracking_code", "status_link", "due_date"]
        case .outOfScope: ["tracking_code", "status_link", "redirect_to"]
        case .published: ["tracking_code", "status_link", "public_reply", "rating_link", "rating_days"]
        case .reopened: ["tracking_code", "status_link"]
        case .reopenDeclined: ["tracking_code", "status_link", "closing_reason"]
        case .reminder: ["tracking_code", "title", "due_date", "working_days_left", "unit_name", "item_link"]
        case .overdue: ["tracking_code", "title", "due_date", "working_days_overdue", "unit_name", "item_link"]
        case .digest: ["unit_name", "day", "overdue_count", "overdue_items", "due_count", "due_items", "list_link"]
        }
    }

    /// The placeholders a template of this kind must use, in its subject or its body: what the
    /// reader is written to for.
    public var requiredPlaceholders: Set<String> {
        switch self {
        case .receipt: ["tracking_code", "status_link"]
        case .accepted: ["tracking_code", "due_date"]
        case .outOfScope: ["tracking_code", "redirect_to"]
        case .published: ["tracking_code", "public_reply", "rating_link"]
        case .reopened: ["tracking_code", "status_link"]
        case .reopenDeclined: ["tracking_code", "closing_reason"]
        case .reminder: ["tracking_code", "due_date", "item_link"]
        case .overdue: ["tracking_code", "due_date", "unit_name", "item_link"]
        case .digest: ["unit_name", "overdue_items", "due_items"]
        }
    }
}
