/// An action that ``FeedbackWorkflow/validate(_:from:)`` accepted, with its text cleaned: what the
/// store records.
///
/// Guarantees: `to == FeedbackWorkflow.target(of: action, from: from)`; every text is NFC, has no
/// leading or trailing white space, uses `\n` for line breaks, contains no control character
/// other than line feed and tab (and neither of those in a one-line field), is not empty and fits
/// ``TransitionRequest/Field/maximumLength``; the fields the action requires are present and the
/// ones it does not use are nil. `assigneeLogin` is lower-cased as ``StaffLogin`` stores logins.
public struct ValidatedTransition: Sendable, Hashable, Codable {
    public let from: FeedbackState
    public let action: FeedbackAction
    public let to: FeedbackState
    public let note: String?
    public let publicReply: String?
    public let publicTitle: String?
    public let competentBody: String?
    public let outOfScopeReason: OutOfScopeReason?
    public let redirectTo: String?
    public let assigneeUnit: String?
    public let assigneeLogin: String?
    public let closingReason: String?

    /// Resolved or forwarded for resolve and forward; nil for other actions.
    public var resolution: FeedbackResolution? { FeedbackResolution(action: action) }
}
