/// Why an item is not handled as feedback. Complaints and denunciations follow their own laws
/// (Luật Khiếu nại 2011, Luật Tố cáo 2018), so the citizen must be told where to send them.
public enum OutOfScopeReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A complaint (khiếu nại) about a decision or act that affects the citizen.
    case complaint
    /// A denunciation (tố cáo) of a violation of the law.
    case denunciation
    /// Not about an administrative regulation or how officials apply it.
    case notAdministrative = "not_administrative"
    /// The same feedback as an item already received.
    case duplicate
    case other

    /// Whether the citizen must be pointed to another body (`redirectTo` is required).
    public var requiresRedirect: Bool {
        switch self {
        case .complaint, .denunciation: true
        case .notAdministrative, .duplicate, .other: false
        }
    }
}
