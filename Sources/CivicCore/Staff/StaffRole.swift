/// What a grant lets a staff member do. A user holds any number of (role, unit) grants.
public enum StaffRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Everything, everywhere: the grant's unit is informative only.
    case admin
    /// Reads metrics and reports for the subtree of the grant's unit.
    case analyst
    /// Handles feedback (PAKN) for the subtree of the grant's unit.
    case handler

    /// The permissions the role carries.
    public var permissions: Set<StaffPermission> {
        switch self {
        case .admin: Set(StaffPermission.allCases)
        case .analyst: [.viewUnits, .readMetrics]
        case .handler: [.viewUnits, .handleFeedback]
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
    /// Manage accounts, grants, units and read the audit log (admin only, never scoped).
    case administer

    /// The roles that carry this permission.
    public var roles: [StaffRole] {
        StaffRole.allCases.filter { $0.permissions.contains(self) }
    }
}
