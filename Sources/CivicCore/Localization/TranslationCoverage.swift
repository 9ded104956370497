/// How much of a form (or of the UI strings) one language translates, string by string.
public struct TranslationCoverage: Sendable, Hashable, Codable {
    /// The form's id; nil for the interface strings.
    public let formID: String?
    public let language: String
    /// The status the form or UI file declares for the language.
    public let status: TranslationStatus
    /// Checked by a named reviewer against the current Vietnamese.
    public let reviewed: Int
    /// Translated and current, not checked (or with no recorded source).
    public let draft: Int
    /// Translated from a Vietnamese text that has changed since: shown in Vietnamese.
    public let stale: Int
    /// Not translated at all.
    public let missing: Int
    /// Strings shown in `language`: `reviewed + draft`.
    public let translated: Int
    /// Strings that could be translated (all strings of the form, or all base-language UI keys).
    public let total: Int
    /// `translated / total`, between 0 and 1 (1 when there is nothing to translate). Stored, so
    /// that it is part of the JSON a coverage report sends.
    public let share: Double
    /// Every string reviewed and current: the only state in which a language may be marked
    /// complete.
    public let isComplete: Bool

    public init(formID: String?, language: String, status: TranslationStatus, counts: [StringStatus: Int]) {
        self.formID = formID
        self.language = language
        self.status = status
        self.reviewed = counts[.reviewed, default: 0]
        self.draft = counts[.draft, default: 0]
        self.stale = counts[.stale, default: 0]
        self.missing = counts[.missing, default: 0]
        self.translated = reviewed + draft
        self.total = reviewed + draft + stale + missing
        self.share = total == 0 ? 1 : Double(translated) / Double(total)
        self.isComplete = reviewed == total
    }

    /// Counts the statuses of `statuses`, one per string.
    public init(formID: String?, language: String, status: TranslationStatus, statuses: [StringStatus]) {
        self.init(formID: formID, language: language, status: status,
                  counts: Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))
    }
}
