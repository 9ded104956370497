/// How far a language of a form (or of the UI strings) can be trusted, as its file declares it.
public enum TranslationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every string is translated and reviewed by a named reviewer against the current
    /// Vietnamese; the loader refuses the declaration otherwise.
    case complete
    /// Partial or unchecked: shown with a notice, and missing or stale strings fall back to
    /// Vietnamese.
    case draft
}
