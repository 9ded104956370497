/// How far a language of a form (or of the UI strings) can be trusted.
public enum TranslationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every string is translated and a native speaker checked it.
    case complete
    /// Partial or unchecked: shown with a notice, and missing strings fall back to Vietnamese.
    case draft
}
