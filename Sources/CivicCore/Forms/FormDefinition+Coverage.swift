extension FormDefinition {
    /// Every translatable string of the form with its id, in form order: title, intro, scale
    /// labels (scales sorted by name), then section titles and each question's label, help and
    /// option labels. See ``TranslatableString`` for the ids.
    public var translatableStrings: [TranslatableString] {
        var strings = [TranslatableString(id: "title", role: .title, text: title)]
        if let intro { strings.append(TranslatableString(id: "intro", role: .intro, text: intro)) }
        for name in scales.keys.sorted() {
            for option in scales[name]?.options ?? [] {
                strings.append(TranslatableString(id: "scales.\(name).options.\(option.value)", role: .option,
                                                  text: option.label))
            }
        }
        for section in sections {
            strings.append(TranslatableString(id: "sections.\(section.id).title", role: .sectionTitle, text: section.title))
            for question in section.questions {
                let prefix = "questions.\(question.id)"
                strings.append(TranslatableString(id: "\(prefix).label", role: .label, text: question.label))
                if let help = question.help {
                    strings.append(TranslatableString(id: "\(prefix).help", role: .help, text: help))
                }
                for choice in question.choices {
                    strings.append(TranslatableString(id: "\(prefix).options.\(choice.value)", role: .option,
                                                      text: choice.label))
                }
            }
        }
        return strings
    }

    /// Coverage of each declared language, base language first, then by tag: how many strings
    /// are reviewed, draft, stale and missing.
    public func coverage() -> [TranslationCoverage] {
        let strings = translatableStrings
        return languages.keys
            .sorted { ($0 == baseLanguage ? 0 : 1, $0) < ($1 == baseLanguage ? 0 : 1, $1) }
            .map { language in
                TranslationCoverage(formID: id, language: language, status: languages[language] ?? .draft,
                                    statuses: strings.map { status(of: $0.text, in: language) })
            }
    }

    /// Where one of the form's strings stands in `language`, counting the language's plain-text
    /// strings as reviewed when the form names who wrote them (``writtenBy``).
    public func status(of text: LocalizedText, in language: String) -> StringStatus {
        text.status(in: language, plainTextWrittenBy: writtenBy[language])
    }

    /// Who checked one of the form's strings in `language` (see ``status(of:in:)``).
    public func reviewer(of text: LocalizedText, in language: String) -> String? {
        text.reviewer(in: language, plainTextWrittenBy: writtenBy[language])
    }
}

extension FormDefinition {
    /// The form with only its base-language text: what was asked, whatever the translations.
    ///
    /// Two definitions with equal projections differ only in translations, their records and
    /// the declared languages, so one may replace the other under the same version: responses
    /// answered the same questions. Pure.
    public var baseLanguageProjection: FormDefinition {
        func base(_ text: LocalizedText) -> LocalizedText {
            LocalizedText(text.translations.filter { $0.key == baseLanguage }, baseLanguage: baseLanguage)
        }
        return FormDefinition(
            id: id, version: version, kind: kind, baseLanguage: baseLanguage,
            languages: languages.filter { $0.key == baseLanguage }, title: base(title), intro: intro.map(base),
            unit: unit,
            scales: scales.mapValues { scale in
                Scale(options: scale.options.map { Scale.Option(value: $0.value, label: base($0.label)) },
                      satisfied: scale.satisfied)
            },
            sections: sections.map { section in
                FormSection(id: section.id, element: section.element, title: base(section.title),
                            questions: section.questions.map { question in
                                let input: Question.Input
                                switch question.input {
                                case .singleChoice(let options):
                                    input = .singleChoice(options.map { ChoiceOption(value: $0.value, label: base($0.label)) })
                                case .multipleChoice(let options):
                                    input = .multipleChoice(options.map { ChoiceOption(value: $0.value, label: base($0.label)) })
                                default:
                                    input = question.input
                                }
                                return Question(id: question.id, label: base(question.label), help: question.help.map(base),
                                                required: question.required, showIf: question.showIf, input: input)
                            })
            })
    }
}
