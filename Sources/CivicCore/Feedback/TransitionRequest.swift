/// One action on a PAKN item as staff submitted it, before validation.
///
/// Text arrives as typed; ``FeedbackWorkflow/validate(_:from:)`` cleans and checks it. Which
/// fields an action needs or accepts is listed on ``TransitionRequest/Field``.
public struct TransitionRequest: Sendable, Hashable, Codable {
    public var action: FeedbackAction
    /// An internal note for the item's history; any action may carry one.
    public var note: String?
    /// The answer shown to the citizen and published: resolve and forward need it.
    public var publicReply: String?
    /// The title public listings show (publish needs it): staff write or check it, so that the
    /// citizen's own title, which may name people, is never published unreviewed.
    public var publicTitle: String?
    /// The body the item is recommended to (forward).
    public var competentBody: String?
    /// Why the item is out of scope (mark_out_of_scope).
    public var outOfScopeReason: OutOfScopeReason?
    /// Where the citizen should send it instead (mark_out_of_scope; required for complaints and
    /// denunciations), e.g. the inspectorate or the agency's complaint desk.
    public var redirectTo: String?
    /// The code of the unit that will handle the item (assign).
    public var assigneeUnit: String?
    /// The login of the person in that unit, if one is named (assign).
    public var assigneeLogin: String?
    /// Why the citizen's request to reconsider is closed with the result unchanged
    /// (close_reopen_request); the citizen is told it.
    public var closingReason: String?

    public init(
        action: FeedbackAction,
        note: String? = nil,
        publicReply: String? = nil,
        publicTitle: String? = nil,
        competentBody: String? = nil,
        outOfScopeReason: OutOfScopeReason? = nil,
        redirectTo: String? = nil,
        assigneeUnit: String? = nil,
        assigneeLogin: String? = nil,
        closingReason: String? = nil
    ) {
        self.action = action
        self.note = note
        self.publicReply = publicReply
        self.publicTitle = publicTitle
        self.competentBody = competentBody
        self.outOfScopeReason = outOfScopeReason
        self.redirectTo = redirectTo
        self.assigneeUnit = assigneeUnit
        self.assigneeLogin = assigneeLogin
        self.closingReason = closingReason
    }

    /// The payload fields, named as in ``WorkflowError`` (their Swift property names).
    ///
    /// | action | required | optional |
    /// |---|---|---|
    /// | accept, start, reopen | – | note |
    /// | publish | publicTitle | note |
    /// | mark_out_of_scope | outOfScopeReason; redirectTo for complaint, denunciation | note, publicReply, redirectTo |
    /// | assign | assigneeUnit | note, assigneeLogin |
    /// | resolve | publicReply | note |
    /// | forward | competentBody, publicReply | note |
    /// | close_reopen_request | closingReason | note |
    ///
    /// Any other non-empty field is rejected, so that nothing typed is silently dropped.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case note
        case publicReply
        case publicTitle
        case competentBody
        case outOfScopeReason
        case redirectTo
        case assigneeUnit
        case assigneeLogin
        case closingReason

        /// The longest text allowed, in characters (grapheme clusters), after cleaning.
        public var maximumLength: Int? {
            switch self {
            case .note, .closingReason: 2000
            case .publicReply: 10_000
            case .publicTitle: 500
            case .competentBody, .redirectTo: 300
            case .assigneeUnit, .assigneeLogin: 64
            case .outOfScopeReason: nil
            }
        }

        /// Whether the text may span several lines (note, public reply, closing reason); others
        /// are one line.
        public var isMultiline: Bool {
            self == .note || self == .publicReply || self == .closingReason
        }
    }
}
