/// Why an action on a PAKN item was refused. Nothing changes when one is returned.
public enum WorkflowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The action does not apply in the item's state; `allowed` lists what does, in
    /// ``FeedbackWorkflow/allowedActions(from:)`` order (empty in a final state).
    case illegalTransition(from: FeedbackState, action: FeedbackAction, allowed: [FeedbackAction])
    /// A field the action needs is absent or empty; named as in ``TransitionRequest/Field``.
    case missingField(String)
    /// A field is present but unusable, with the reason in English.
    case invalidField(String, reason: String)
    /// A reply still holds blanks of its template (`[[…]]`, ``ReplyTemplates/blanks(in:)``) to fill.
    case unfilledBlanks(String, blanks: [String])

    /// One English sentence for logs and API details, e.g.
    /// `cannot publish an item that is in_progress; allowed: assign, resolve, forward`.
    public var description: String {
        switch self {
        case .illegalTransition(let from, let action, let allowed):
            let options = allowed.isEmpty
                ? "no action is possible in that state"
                : "allowed: " + allowed.map(\.rawValue).joined(separator: ", ")
            return "cannot \(action.rawValue) an item that is \(from.rawValue); \(options)"
        case .missingField(let field):
            return "\(field) is required"
        case .invalidField(let field, let reason):
            return "\(field): \(reason)"
        case .unfilledBlanks(let field, let blanks):
            return "\(field): fill in every blank of the template first: " + blanks.joined(separator: ", ")
        }
    }
}
