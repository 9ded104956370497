/// A translatable string: its text in each language that has one.
///
/// A form that loaded without issues guarantees the base language is present, every language is
/// declared by the form, and every language marked `complete` is present. Encodes as a plain JSON
/// object `{"vi": "…", "en": "…"}`.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// Text by language tag.
    public let translations: [String: String]

    public init(_ translations: [String: String]) {
        self.translations = translations
    }

    /// The text in exactly `language`, if there is one.
    public subscript(language: String) -> String? {
        translations[language]
    }

    /// The text in the first language of `chain` that has one.
    ///
    /// Guarantees: when no language of the chain has the string (only possible for data that did
    /// not come through the validator), the Vietnamese text or else the alphabetically first
    /// translation is returned, marked as a fallback; an empty text only if there is none at all.
    public func resolved(for chain: LanguageChain) -> ResolvedText {
        for language in chain.languages {
            if let text = translations[language] {
                return ResolvedText(text: text, language: language, fellBack: language != chain.first)
            }
        }
        let language = translations[LanguageChain.baseLanguage] != nil
            ? LanguageChain.baseLanguage
            : translations.keys.sorted().first ?? LanguageChain.baseLanguage
        return ResolvedText(text: translations[language] ?? "", language: language, fellBack: true)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(translations)
    }
}
