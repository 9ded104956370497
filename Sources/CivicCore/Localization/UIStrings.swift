import Foundation

/// The interface strings (buttons, notices, error messages) in every language, from
/// `Forms/ui/<lang>.yaml`, with per-key fallback to Vietnamese.
///
/// A catalog that loaded without issues guarantees: the base table defines every key in
/// ``requiredKeys``; other tables define only keys the base defines, and use only the
/// `{placeholders}` the base text of the key uses.
public struct UIStrings: Sendable, Hashable, Codable {
    /// One language's file.
    public struct Table: Sendable, Hashable, Codable {
        public let language: String
        public let status: TranslationStatus
        public let strings: [String: String]
        /// Records by key, for the strings written with one (see ``TranslationRecord``).
        public let records: [String: TranslationRecord]
        /// Who wrote or checked the file's plain-text strings (`_written_by`), which then count
        /// as reviewed by them; nil when the file names nobody.
        public let writtenBy: String?

        public init(language: String, status: TranslationStatus, strings: [String: String],
                    records: [String: TranslationRecord] = [:], writtenBy: String? = nil) {
            self.language = language
            self.status = status
            self.strings = strings
            self.records = records
            self.writtenBy = writtenBy
        }
    }

    public let baseLanguage: String
    /// Tables by language tag.
    public let tables: [String: Table]

    /// Keys whose translation was made from another Vietnamese text, by language: not shown.
    public let staleKeys: [String: Set<String>]

    public init(tables: [Table], baseLanguage: String = LanguageChain.baseLanguage) {
        self.baseLanguage = baseLanguage
        let tables = Dictionary(tables.map { ($0.language, $0) }, uniquingKeysWith: { first, _ in first })
        self.tables = tables
        let base = tables[baseLanguage]?.strings ?? [:]
        var stale: [String: Set<String>] = [:]
        for (language, table) in tables where language != baseLanguage {
            stale[language] = Set(table.records.compactMap { key, record in
                guard let source = base[key] else { return nil }
                return StringStatus.of(record: record, currentSource: source) == .stale ? key : nil
            })
        }
        self.staleKeys = stale
    }

    /// Where `key` stands in `language`; plain text counts as reviewed in a file that names who
    /// wrote it (``Table/writtenBy``).
    public func status(of key: String, in language: String) -> StringStatus {
        guard let table = tables[language], table.strings[key] != nil else { return .missing }
        if language == baseLanguage { return .reviewed }
        if staleKeys[language]?.contains(key) == true { return .stale }
        return StringStatus.of(record: table.records[key], currentSource: nil, plainTextWrittenBy: table.writtenBy)
    }

    /// Who checked `key` in `language`: its record's reviewer, or the file's ``Table/writtenBy``
    /// for plain text; nil for a draft or a missing string.
    public func reviewer(of key: String, in language: String) -> String? {
        guard language != baseLanguage, let table = tables[language], table.strings[key] != nil else { return nil }
        guard let record = table.records[key] else { return table.writtenBy }
        return record.reviewer
    }

    /// The languages with a table, base language first, then by tag.
    public var languages: [String] {
        tables.keys.sorted { ($0 == baseLanguage ? 0 : 1, $0) < ($1 == baseLanguage ? 0 : 1, $1) }
    }

    /// The declared status of a language's table; nil when it has none.
    public func status(of language: String) -> TranslationStatus? {
        tables[language]?.status
    }

    /// The string for `key` in the first language of `chain` (then the base language) that has a
    /// current translation of it: a stale one is passed over.
    ///
    /// Guarantees: never fails. A key that no table defines (a programming error the catalog's
    /// lint prevents for ``requiredKeys``) comes back as the key itself, marked as a fallback, so
    /// a page shows something traceable instead of crashing.
    public func text(_ key: String, for chain: LanguageChain) -> ResolvedText {
        let full = chain.endingWith(baseLanguage)
        for language in full.languages where staleKeys[language]?.contains(key) != true {
            if let text = tables[language]?.strings[key] {
                return ResolvedText(text: text, language: language, fellBack: language != chain.first)
            }
        }
        return ResolvedText(text: key, language: baseLanguage, fellBack: true)
    }

    /// ``text(_:for:)`` with its `{placeholders}` filled from `parameters`.
    public func format(_ key: String, for chain: LanguageChain, with parameters: [String: String]) -> ResolvedText {
        let resolved = text(key, for: chain)
        return ResolvedText(text: Self.fill(resolved.text, with: parameters), language: resolved.language,
                            fellBack: resolved.fellBack)
    }

    /// The message that explains `error` to a citizen reading `chain`.
    public func message(for error: AnswerError, in chain: LanguageChain) -> ResolvedText {
        format(error.messageKey, for: chain, with: error.parameters)
    }

    /// Replaces each `{name}` in `template` that `parameters` has; leaves the others as written.
    public static func fill(_ template: String, with parameters: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
               let value = parameters[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// The placeholder names used in `template`: `{min}` gives `min`.
    public static func placeholders(in template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            let name = rest[afterOpen..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                names.insert(String(name))
            }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Coverage of each language's table against the base table's keys.
    public func coverage() -> [TranslationCoverage] {
        let baseKeys = tables[baseLanguage]?.strings.keys.sorted() ?? []
        return languages.compactMap { language in
            guard let table = tables[language] else { return nil }
            return TranslationCoverage(formID: nil, language: language, status: table.status,
                                       statuses: baseKeys.map { status(of: $0, in: language) })
        }
    }

    /// The key that names a language in itself: `language.hmn`, `language.hmn_latn_vn` (keys are
    /// lowercase words joined by '.', so a tag's '-' becomes '_').
    public static func languageNameKey(_ tag: String) -> String {
        "language." + tag.lowercased().replacingOccurrences(of: "-", with: "_")
    }
}

extension UIStrings {
    /// The keys the web layer relies on; `ui/vi.yaml` must define all of them (it may define more).
    ///
    /// Placeholders: `error.out_of_range` uses `{min}` and `{max}`, `error.too_small` `{min}`,
    /// `error.too_large` `{max}`, `error.too_long` `{maxLength}`; see ``AnswerError/messageKey``.
    public static let requiredKeys: [String] = [
        "skip_to_content",
        "form.list_heading", "form.no_forms", "form.submit", "form.required_marker", "form.optional_marker",
        "form.errors_heading", "form.draft_notice", "form.fallback_notice", "form.choose_unit",
        "form.choose_language", "form.conditional_note",
        "answer.yes", "answer.no",
        "thanks.title", "thanks.text", "thanks.back",
        "page.rate_limited", "page.csrf_expired", "page.unavailable", "page.bad_request", "page.too_large",
        "page.not_found", "page.server_error", "page.forbidden", "page.temporarily_unavailable", "page.error_reference",
        "language.vi", "language.en", "language.hmn", "language.hmn_latn_vn",
    ] + AnswerError.Code.allCases.map { "error.\($0.rawValue)" } + ["error.too_small", "error.too_large"]

    /// The key under which a file may declare its status (`_status: draft`); not a string.
    public static let statusKey = "_status"
    /// The key under which a file names who wrote or checked its plain-text strings; not a string.
    public static let writtenByKey = "_written_by"
}
