/// How PAKN states read in the Open311 GeoReport v2 vocabulary, for clients that speak it.
public enum Open311Mapping {
    /// `open` while the item waits for a result (received, accepted, assigned, in_progress),
    /// `closed` otherwise.
    public static func status(for state: FeedbackState) -> String {
        state.isOpen ? "open" : "closed"
    }

    /// A short English `status_notes` text for `state`. For published, `resolution` says whether
    /// it was resolved or forwarded; it is ignored for other states.
    public static func statusNotes(for state: FeedbackState, resolution: FeedbackResolution? = nil) -> String {
        switch state {
        case .received: "Received; waiting to be reviewed."
        case .accepted: "Accepted for handling."
        case .outOfScope: "Not handled as feedback: outside the scope of this service. See the reply for where to send it."
        case .assigned: "Assigned to the responsible unit."
        case .inProgress: "Being handled by the responsible unit."
        case .resolved: "Resolved by the agency."
        case .forwarded: "Forwarded to the competent body with a recommendation."
        case .published:
            switch resolution {
            case .resolved: "Resolved by the agency; the result has been published."
            case .forwarded: "Forwarded to the competent body; the result has been published."
            case nil: "Handled; the result has been published."
            }
        case .reopenRequested: "The result has been published; the requester asked for it to be reconsidered."
        }
    }
}
