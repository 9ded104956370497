/// A translatable string: its text in each language that has one, and what the file records
/// about each translation.
///
/// A form that loaded without issues guarantees the base language is present, every language is
/// declared by the form, and every language marked `complete` is present, reviewed and current.
/// Encodes as a plain JSON object `{"vi": "…", "en": "…"}`; a translation with a record encodes as
/// `{"text": "…", "review": "draft", "source": "1a2b3c4d"}` in that object, so a string without
/// records keeps the JSON (and the stored form's digest) it had before records existed.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// Text by language tag, stale translations included.
    public let translations: [String: String]
    /// Records by language tag, for the translations written with one.
    public let records: [String: TranslationRecord]
    /// The language the others are translated from.
    public let baseLanguage: String
    /// Languages whose record names a source other than the current base text: not shown.
    public let staleLanguages: Set<String>

    public init(_ translations: [String: String], records: [String: TranslationRecord] = [:],
                baseLanguage: String = LanguageChain.baseLanguage) {
        self.translations = translations
        self.records = records
        self.baseLanguage = baseLanguage
        let current = translations[baseLanguage].map(TranslationRecord.sourceFingerprint(of:))
        self.staleLanguages = Set(records.compactMap { language, record in
            language != baseLanguage && current != nil && record.source != current ? language : nil
        })
    }

    /// The text in exactly `language`, if there is one (stale or not).
    public subscript(language: String) -> String? {
        translations[language]
    }

    /// Where the string stands in `language`; the base language is always reviewed.
    /// - Parameter writtenBy: who the file says wrote or checked the language's plain-text
    ///   strings (``FormDefinition/writtenBy``): a translation without a record then counts as
    ///   reviewed by them instead of as a draft.
    public func status(in language: String, plainTextWrittenBy writtenBy: String? = nil) -> StringStatus {
        if language == baseLanguage { return translations[language] == nil ? .missing : .reviewed }
        guard translations[language] != nil else { return .missing }
        return StringStatus.of(record: records[language], currentSource: translations[baseLanguage],
                               plainTextWrittenBy: writtenBy)
    }

    /// Who checked the translation in `language`: its record's reviewer, or for a translation
    /// without a record, `writtenBy`; nil for a draft or a missing translation.
    public func reviewer(in language: String, plainTextWrittenBy writtenBy: String? = nil) -> String? {
        guard translations[language] != nil, language != baseLanguage else { return nil }
        guard let record = records[language] else { return writtenBy }
        return record.reviewer
    }

    /// The text in the first language of `chain` that has a current translation: a stale one is
    /// passed over, so its reader gets the Vietnamese until it is translated again.
    ///
    /// Guarantees: when no language of the chain has the string (only possible for data that did
    /// not come through the validator), the Vietnamese text or else the alphabetically first
    /// translation is returned, marked as a fallback; an empty text only if there is none at all.
    public func resolved(for chain: LanguageChain) -> ResolvedText {
        for language in chain.languages where !staleLanguages.contains(language) {
            if let text = translations[language] {
                return ResolvedText(text: text, language: language, fellBack: language != chain.first)
            }
        }
        let language = translations[LanguageChain.baseLanguage] != nil
            ? LanguageChain.baseLanguage
            : translations.keys.sorted().first ?? LanguageChain.baseLanguage
        return ResolvedText(text: translations[language] ?? "", language: language, fellBack: true)
    }

    private struct RecordedText: Codable {
        let text: String
        let review: TranslationRecord.Review
        let reviewer: String?
        let source: String
    }

    private enum Entry: Codable {
        case plain(String)
        case recorded(RecordedText)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .plain(text)
            } else {
                self = .recorded(try container.decode(RecordedText.self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .plain(let text): try container.encode(text)
            case .recorded(let recorded): try container.encode(recorded)
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let entries = try decoder.singleValueContainer().decode([String: Entry].self)
        var translations: [String: String] = [:]
        var records: [String: TranslationRecord] = [:]
        for (language, entry) in entries {
            switch entry {
            case .plain(let text):
                translations[language] = text
            case .recorded(let recorded):
                translations[language] = recorded.text
                records[language] = TranslationRecord(review: recorded.review, reviewer: recorded.reviewer,
                                                      source: recorded.source)
            }
        }
        self.init(translations, records: records)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        var entries: [String: Entry] = [:]
        for (language, text) in translations {
            if let record = records[language] {
                entries[language] = .recorded(RecordedText(text: text, review: record.review, reviewer: record.reviewer,
                                                           source: record.source))
            } else {
                entries[language] = .plain(text)
            }
        }
        try container.encode(entries)
    }
}
