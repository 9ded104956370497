/// How much of a form (or of the UI strings) one language translates.
public struct TranslationCoverage: Sendable, Hashable, Codable {
    /// The form's id; nil for the interface strings.
    public let formID: String?
    public let language: String
    /// The status the form or UI file declares for the language.
    public let status: TranslationStatus
    /// Strings present in `language`.
    public let translated: Int
    /// Strings that could be translated (all strings of the form, or all base-language UI keys).
    public let total: Int
    /// `translated / total`, between 0 and 1 (1 when there is nothing to translate). Stored, so
    /// that it is part of the JSON a coverage report sends.
    public let share: Double

    public init(formID: String?, language: String, status: TranslationStatus, translated: Int, total: Int) {
        self.formID = formID
        self.language = language
        self.status = status
        self.translated = translated
        self.total = total
        self.share = total == 0 ? 1 : Double(translated) / Double(total)
    }
}
