import CivicCore
import CivicStore

/// The staff PAKN pages' wording, from the interface strings (`staff.feedback.*` in
/// `Forms/ui/vi.yaml` and `en.yaml`, plus the citizen pages' `pakn.*` state names), in one
/// language chain.
struct StaffFeedbackText: Sendable {
    /// Staff work in Vietnamese; English is offered for the rest (the minority languages are the
    /// citizen pages' concern).
    static let languages = ["vi", "en"]

    /// The keys the templates read as `{{t.<name>}}`, named without the `staff.feedback.` prefix.
    static let labelNames = [
        "list_title", "home", "back_to_list", "filters", "filter_state", "filter_unit", "filter_all_units",
        "filter_category", "filter_all_categories", "filter_overdue", "filter_text", "filter_submit", "overdue",
        "empty", "next", "previous", "category", "unit", "assigned_unit", "assigned_login", "procedure", "channel",
        "language", "content", "accepted_on", "competent_body", "out_of_scope_reason", "redirect_to", "public_reply",
        "attachments", "no_attachments", "history", "contact", "contact_show", "contact_none", "contact_unavailable",
        "actions", "no_actions", "choose", "invalid", "invalid_query",
        "counts", "filter_assigned", "order", "order_newest", "order_due", "note", "note_submit", "take", "take_help",
        "template", "template_submit", "template_help", "public_title", "messages", "messages_none", "message_attempts",
        "closing_reason", "reopen_help", "staff_messages", "duplicates", "duplicates_help", "duplicates_none",
        "linked_to", "linked_items", "unlink", "link",
    ]

    /// The citizen pages' keys the staff pages reuse, by the name the templates read.
    static let sharedLabels = ["state": "pakn.state", "received_on": "pakn.received_on", "due_on": "pakn.due_on",
                               "handled_on": "pakn.handled_on"]

    /// Every key these pages use; `vi.yaml` and `en.yaml` must define each (a test checks it).
    static var allKeys: [String] {
        labelNames.map { "staff.feedback.\($0)" } + sharedLabels.values.sorted()
            + ["staff.feedback.count", "staff.feedback.illegal"]
            + (["receive", FeedbackWorkflow.noteAction, FeedbackWorkflow.citizenReopenRequest,
                FeedbackWorkflow.linkAction, FeedbackWorkflow.unlinkAction]
                + FeedbackAction.allCases.map(\.rawValue)).map { "staff.feedback.action.\($0)" }
            + OutOfScopeReason.allCases.map { "staff.feedback.reason.\($0.rawValue)" }
            + TransitionRequest.Field.allCases.map { "staff.feedback.field.\(snakeCase($0.rawValue))" }
            + FeedbackState.allCases.map { "pakn.state.\($0.rawValue)" }
            + errorCodes.map { "staff.feedback.error.\($0)" }
            + MessageKind.allCases.map { "staff.feedback.message.\($0.rawValue)" }
            + ["queued", "sent", "failed"].map { "staff.feedback.message_state.\($0)" }
            + ["staff.feedback.message_to", "staff.feedback.link_to", "staff.feedback.duplicate_note"]
            + FeedbackStore.LinkRefusal.allCases.map { "staff.feedback.link_refused.\($0.rawValue)" }
    }

    /// The field error codes a page can show (the API's `wrong_type` and `unknown_field` cannot
    /// come from a form, and show as `invalid`).
    static let errorCodes = ["required", "invalid", "unfilled_blank", "unknown_action", "unknown_reason", "unknown_unit", "inactive_unit",
                             "unit_out_of_scope", "unknown_login", "assignee_without_grant"]

    let ui: UIStrings
    let chain: LanguageChain

    /// ``labelNames`` and ``sharedLabels`` resolved, for templates.
    var labels: [String: String] {
        var result: [String: String] = [:]
        for name in Self.labelNames { result[name] = text("staff.feedback.\(name)") }
        for (name, key) in Self.sharedLabels { result[name] = text(key) }
        return result
    }

    func text(_ key: String) -> String { ui.text(key, for: chain).text }

    func format(_ key: String, _ parameters: [String: String]) -> String {
        ui.format(key, for: chain, with: parameters).text
    }

    func state(_ state: FeedbackState) -> String { text("pakn.state.\(state.rawValue)") }

    /// An action's name; history rows also hold `receive` and `note`, and unknown names show as stored.
    func action(_ name: String) -> String {
        let key = "staff.feedback.action.\(name)"
        let resolved = text(key)
        return resolved == key ? name : resolved
    }

    /// What a message to the citizen was for, and where it is.
    func message(_ kind: MessageKind) -> String { text("staff.feedback.message.\(kind.rawValue)") }

    func messageState(_ state: Outbox.State) -> String { text("staff.feedback.message_state.\(state.rawValue)") }

    func reason(_ reason: OutOfScopeReason) -> String { text("staff.feedback.reason.\(reason.rawValue)") }

    func field(_ name: String) -> String { text("staff.feedback.field.\(Self.snakeCase(name))") }

    func error(_ error: StaffFeedbackService.FieldError) -> String {
        let code = Self.errorCodes.contains(error.code) ? error.code : "invalid"
        // `invalid` shows the workflow's English reason: it names limits (lengths, formats) exactly.
        return format("staff.feedback.error.\(code)", ["field": field(error.field), "reason": error.message])
    }

    /// `publicReply` → `public_reply`: interface keys are lower case.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
