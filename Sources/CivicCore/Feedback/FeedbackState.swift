/// Where a PAKN item (phản ánh, kiến nghị) is in its handling.
///
/// The raw values are stored in the database and sent in the API; they never change.
/// ``FeedbackWorkflow`` says which ``FeedbackAction`` leads from one state to another.
public enum FeedbackState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sent by a citizen, not yet looked at.
    case received
    /// Within the agency's competence and taken on (the deadline starts here).
    case accepted
    /// Not feedback this service handles (a complaint, a denunciation, …): the citizen is told
    /// where to go instead (Nghị định 20/2008/NĐ-CP). Final.
    case outOfScope = "out_of_scope"
    /// Given to a unit (and possibly one person) to handle.
    case assigned
    /// The unit has started on it.
    case inProgress = "in_progress"
    /// Handled within the agency's own competence (xử lý).
    case resolved
    /// Recommended to the competent body for handling (kiến nghị xử lý); counts as handled.
    case forwarded
    /// The result of handling has been made public (QĐ 31/2021/QĐ-TTg Art. 46). Final. Whether it
    /// was resolved or forwarded is kept in the item's ``FeedbackResolution``.
    case published
    /// The citizen rated a published result dissatisfied and said why: staff decide whether to
    /// reopen it (back to in_progress) or to close the request with a reason (back to published).
    /// The result stays public meanwhile, and the item still counts as handled.
    case reopenRequested = "reopen_requested"

    /// Still waiting for a result: received, accepted, assigned or in progress.
    public var isOpen: Bool {
        switch self {
        case .received, .accepted, .assigned, .inProgress: true
        case .outOfScope, .resolved, .forwarded, .published, .reopenRequested: false
        }
    }

    /// Handled or forwarded for handling, the two outcomes the "100% handled" target counts:
    /// resolved, forwarded, published (which can only follow one of them), and reopen_requested
    /// (a published result the citizen asked to reconsider, until staff reopen it).
    public var isHandled: Bool {
        switch self {
        case .resolved, .forwarded, .published, .reopenRequested: true
        case .received, .accepted, .outOfScope, .assigned, .inProgress: false
        }
    }

    /// No longer open: out of scope, resolved, forwarded, published or reopen_requested. Exactly `!isOpen`.
    public var isClosed: Bool { !isOpen }

    /// No staff action leads anywhere from here: out of scope or published (a published result is
    /// left only by the citizen's request to reconsider it).
    public var isFinal: Bool { FeedbackWorkflow.allowedActions(from: self).isEmpty }
}
