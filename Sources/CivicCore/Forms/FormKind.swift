/// What a form collects.
public enum FormKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A satisfaction survey (SIPAS, per-dossier rating): counted in the satisfaction rate.
    case survey
    /// Feedback or a petition (PAKN): handled by staff, counted in the share handled.
    case feedback
}
