/// What a member of staff does to a PAKN item; see ``FeedbackWorkflow`` for where each one is
/// allowed and what it needs.
///
/// The raw values are stored in the item's history and sent in the API; they never change. The
/// order of `allCases` is the order in which actions are offered.
public enum FeedbackAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// received → accepted.
    case accept
    /// received → out_of_scope; needs an ``OutOfScopeReason`` (and `redirectTo` for complaints
    /// and denunciations).
    case markOutOfScope = "mark_out_of_scope"
    /// accepted → assigned, assigned → assigned (reassign), in_progress → assigned (hand over);
    /// needs a unit code.
    case assign
    /// assigned → in_progress.
    case start
    /// in_progress → resolved; needs the public reply.
    case resolve
    /// in_progress → forwarded; needs the competent body and the public reply.
    case forward
    /// resolved → published, forwarded → published.
    case publish
    /// reopen_requested → in_progress: the citizen's dissatisfaction is upheld; the item is
    /// handled again and a fresh rating is asked when it is next published.
    case reopen
    /// reopen_requested → published: the request is closed, the result stands; needs the
    /// closing reason, which the citizen is told.
    case closeReopenRequest = "close_reopen_request"
}
