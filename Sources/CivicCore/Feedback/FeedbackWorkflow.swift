/// The state machine of a PAKN item: which action leads from which state to which.
///
/// | from | action | to |
/// |---|---|---|
/// | received | accept | accepted |
/// | received | mark_out_of_scope | out_of_scope |
/// | accepted | assign | assigned |
/// | assigned | assign (reassign) | assigned |
/// | assigned | start | in_progress |
/// | in_progress | assign (hand over) | assigned |
/// | in_progress | resolve | resolved |
/// | in_progress | forward | forwarded |
/// | resolved | publish | published |
/// | forwarded | publish | published |
/// | reopen_requested | reopen | in_progress |
/// | reopen_requested | close_reopen_request | published |
///
/// A published item moves to reopen_requested only by the citizen's dissatisfied rating with a
/// reason (``citizenReopenRequest``), never by a staff action.
///
/// Guarantees: exactly the twelve transitions in ``transitions`` are legal; nothing leaves
/// out_of_scope; staff cannot leave published; every function here is pure.
public enum FeedbackWorkflow {
    /// One legal step.
    public struct Transition: Sendable, Hashable, Codable {
        public let from: FeedbackState
        public let action: FeedbackAction
        public let to: FeedbackState
    }

    /// Every legal transition, ordered by source state, then by action.
    public static let transitions: [Transition] = FeedbackState.allCases.flatMap { state in
        allowedActions(from: state).compactMap { action in
            target(of: action, from: state).map { Transition(from: state, action: action, to: $0) }
        }
    }

    /// The state `action` leads to from `state`, or nil when it is not allowed there.
    public static func target(of action: FeedbackAction, from state: FeedbackState) -> FeedbackState? {
        switch (state, action) {
        case (.received, .accept): .accepted
        case (.received, .markOutOfScope): .outOfScope
        case (.accepted, .assign): .assigned
        case (.assigned, .assign): .assigned
        case (.assigned, .start): .inProgress
        case (.inProgress, .assign): .assigned
        case (.inProgress, .resolve): .resolved
        case (.inProgress, .forward): .forwarded
        case (.resolved, .publish): .published
        case (.forwarded, .publish): .published
        case (.reopenRequested, .reopen): .inProgress
        case (.reopenRequested, .closeReopenRequest): .published
        default: nil
        }
    }

    /// The actions allowed from `state`, in `FeedbackAction.allCases` order; empty for
    /// out_of_scope and published (which only the citizen's rating leaves).
    public static func allowedActions(from state: FeedbackState) -> [FeedbackAction] {
        FeedbackAction.allCases.filter { target(of: $0, from: state) != nil }
    }

    /// The citizen's step, outside the staff actions: a dissatisfied rating with a reason of a
    /// published result asks for it to be reconsidered. The event's action name in the history.
    public static let citizenReopenRequest = "request_reopen"

    /// Staff steps outside the state machine: an item linked to a main item as its duplicate
    /// (it then follows the main item's handling), and unlinked again. Event names in the history.
    public static let linkAction = "link"
    public static let unlinkAction = "unlink"

    /// The state after `request`, if the action is allowed from `state` and carries what it needs.
    ///
    /// The first problem found is returned: an illegal transition before any field; then fields
    /// in ``TransitionRequest/Field`` order. Use ``validate(_:from:)`` to get the cleaned text too.
    public static func apply(_ request: TransitionRequest, to state: FeedbackState) -> Result<FeedbackState, WorkflowError> {
        validate(request, from: state).map(\.to)
    }
}
