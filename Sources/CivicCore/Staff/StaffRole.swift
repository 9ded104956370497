/// What a grant lets a staff member do. A user holds any number of (role, unit) grants.
public enum StaffRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Everything, everywhere: the grant's unit is informative only.
    case admin
    /// Reads metrics and reports for the subtree of the grant's unit.
    case analyst
    /// Handles feedback (PAKN) for the subtree of the grant's unit.
    case handler
    /// Types in paper forms (and other answers given earlier) for the subtree of the grant's unit:
    /// the one role besides admin that may say when a response was given (`submittedAt`).
    case clerk
    /// A unit's leader (lãnh đạo đơn vị): reads the unit's metrics, registers its one-stop desks and
    /// their officers, and is the one who reads the officers' figures, and only for desks of the
    /// unit the grant names (not of the units below it).
    case leader

    /// The permissions the role carries.
    public var permissions: Set<StaffPermission> {
        switch self {
        // An officer's rate is about one person: it is for the leaders of the officer's own unit,
        // not for the service's administrators.
        case .admin: Set(StaffPermission.allCases).subtracting([.readOfficerRatings])
        case .analyst: [.viewUnits, .readMetrics]
        case .handler: [.viewUnits, .handleFeedback]
        case .clerk: [.viewUnits, .enterPaperResponses]
        case .leader: [.viewUnits, .readMetrics, .manageDesks, .readOfficerRatings]
        }
    }

    /// Whether the role's permissions are limited to the subtree of the grant's unit.
    public var isScoped: Bool { self != .admin }
}

/// One thing a staff route may require.
public enum StaffPermission: String, Sendable, Hashable, CaseIterable, Codable {
    /// See the organisational units of one's scope.
    case viewUnits
    /// Read satisfaction and PAKN metrics and reports.
    case readMetrics
    /// Classify, assign, answer and close feedback items.
    case handleFeedback
    /// Store survey responses with the time they were given (`submittedAt`): paper forms typed in
    /// later, answers collected offline. Scoped: the response's unit must be within the grant's reach.
    case enterPaperResponses
    /// Register a unit's one-stop desks and the officers serving there, print their QR sheets.
    case manageDesks
    /// Read the ratings of a desk and of each officer serving there. Held by leaders only, and the
    /// route table lets them read it only for desks of the very unit their grant names.
    case readOfficerRatings
    /// Manage accounts, grants, units and read the audit log (admin only, never scoped).
    case administer

    /// The roles that carry this permission.
    public var roles: [StaffRole] {
        StaffRole.allCases.filter { $0.permissions.contains(self) }
    }
}
