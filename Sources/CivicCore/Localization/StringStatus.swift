/// Where one string stands in one language, as a translator and the coverage report see it.
public enum StringStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// No translation: pages show the Vietnamese.
    case missing
    /// Translated, not checked by a native speaker (or its source was not recorded).
    case draft
    /// Checked by a named reviewer against the current Vietnamese.
    case reviewed
    /// Translated from a Vietnamese text that has changed since: pages show the Vietnamese until
    /// someone translates or confirms it again.
    case stale

    /// Whether pages show the translation (a stale one falls back to Vietnamese).
    public var isShown: Bool { self == .draft || self == .reviewed }

    /// The status of a translation with this record (nil: plain text) for the current source.
    /// Plain text is a draft, or reviewed when the file names who wrote or checked the language's
    /// plain-text strings (`writtenBy`); having no source, it is never stale.
    public static func of(record: TranslationRecord?, currentSource: String?,
                          plainTextWrittenBy writtenBy: String? = nil) -> StringStatus {
        guard let record else { return writtenBy == nil ? .draft : .reviewed }
        if let currentSource, record.source != TranslationRecord.sourceFingerprint(of: currentSource) { return .stale }
        return record.review == .reviewed ? .reviewed : .draft
    }
}
