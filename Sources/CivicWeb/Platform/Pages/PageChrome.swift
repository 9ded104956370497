import CivicCore

/// What every citizen page shares: its language, title, skip link and language switcher.
struct PageChrome: Sendable {
    struct LanguageLink: Sendable {
        let tag: String
        /// The language's name in that language (falling back to Vietnamese).
        let name: String
        let href: String
        let current: Bool
    }

    let lang: String
    let title: String
    let skip: String
    let switcherLabel: String
    let languages: [LanguageLink]
    /// Stored, not computed: mustache reads values through reflection, which sees stored properties only.
    let hasLanguages: Bool

    /// - Parameters:
    ///   - languages: the languages the page can be shown in.
    ///   - path: the page's path, with its query if any; the switcher links to `path?lang=tag`
    ///     (`path&lang=tag` after a query).
    init(title: String, language: String, chain: LanguageChain, languages: [String], path: String, ui: UIStrings) {
        self.lang = language
        self.title = title
        self.skip = ui.text("skip_to_content", for: chain).text
        self.switcherLabel = ui.text("form.choose_language", for: chain).text
        self.languages = languages.map { tag in
            LanguageLink(tag: tag, name: ui.text(UIStrings.languageNameKey(tag), for: LanguageChain(requested: tag)).text,
                         href: "\(path)\(path.contains("?") ? "&" : "?")lang=\(tag)", current: tag == language)
        }
        self.hasLanguages = languages.count > 1
    }
}
