extension FormDefinition {
    /// Every translatable string of the form, in form order: title, intro, scale labels (scales
    /// sorted by name), then section titles and each question's label, help and option labels.
    public var translatableStrings: [LocalizedText] {
        var strings = [title]
        if let intro { strings.append(intro) }
        for name in scales.keys.sorted() {
            strings += scales[name]?.options.map(\.label) ?? []
        }
        for section in sections {
            strings.append(section.title)
            for question in section.questions {
                strings.append(question.label)
                if let help = question.help { strings.append(help) }
                strings += question.choices.map(\.label)
            }
        }
        return strings
    }

    /// Coverage of each declared language, base language first, then by tag.
    public func coverage() -> [TranslationCoverage] {
        let strings = translatableStrings
        return languages.keys
            .sorted { ($0 == baseLanguage ? 0 : 1, $0) < ($1 == baseLanguage ? 0 : 1, $1) }
            .map { language in
                TranslationCoverage(formID: id, language: language, status: languages[language] ?? .draft,
                                    translated: strings.filter { $0[language] != nil }.count, total: strings.count)
            }
    }
}
