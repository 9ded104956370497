/// How a handled item was handled; kept once it is published, when the state no longer says.
public enum FeedbackResolution: String, Sendable, Hashable, Codable, CaseIterable {
    /// Handled within the agency's own competence (xử lý).
    case resolved
    /// Recommended to the competent body (kiến nghị xử lý).
    case forwarded

    /// The resolution an action records: `resolve` → resolved, `forward` → forwarded, else nil.
    public init?(action: FeedbackAction) {
        switch action {
        case .resolve: self = .resolved
        case .forward: self = .forwarded
        case .accept, .markOutOfScope, .assign, .start, .publish, .reopen, .closeReopenRequest: return nil
        }
    }

    /// The resolution a state shows by itself: resolved or forwarded; nil for every other state
    /// (for published and reopen_requested, read the stored resolution).
    public init?(state: FeedbackState) {
        switch state {
        case .resolved: self = .resolved
        case .forwarded: self = .forwarded
        case .received, .accepted, .outOfScope, .assigned, .inProgress, .published, .reopenRequested: return nil
        }
    }
}
