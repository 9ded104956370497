extension FormDefinition {
    /// The form with every string resolved along `chain` (then the form's base language).
    ///
    /// Guarantees: every string of a valid form resolves; `fellBack` is true exactly when a
    /// string is not in `chain.first`, and `fallbacks` lists the paths of those strings, so a page
    /// can say "some questions are shown in Vietnamese".
    public func resolved(for chain: LanguageChain) -> ResolvedForm {
        let full = chain.endingWith(baseLanguage)
        var fallbacks: [String] = []
        func resolve(_ text: LocalizedText, _ path: @autoclosure () -> String) -> ResolvedText {
            let resolved = text.resolved(for: full)
            if resolved.fellBack { fallbacks.append(path()) }
            return resolved
        }

        let language = full.languages.first { languages[$0] != nil } ?? baseLanguage
        let title = resolve(title, "title")
        let intro = intro.map { resolve($0, "intro") }
        var sections: [ResolvedForm.Section] = []
        for (sectionIndex, section) in self.sections.enumerated() {
            let sectionPath = "sections[\(sectionIndex)]"
            let sectionTitle = resolve(section.title, "\(sectionPath).title")
            var questions: [ResolvedForm.Question] = []
            for (questionIndex, question) in section.questions.enumerated() {
                let path = "\(sectionPath).questions[\(questionIndex)]"
                let label = resolve(question.label, "\(path).label")
                let help = question.help.map { resolve($0, "\(path).help") }
                var options: [ResolvedForm.Option]?
                var min: ResolvedForm.Bound?, max: ResolvedForm.Bound?
                var integer: Bool?, maxLength: Int?, multiline: Bool?
                switch question.input {
                case .scale(let name):
                    options = (scales[name]?.options ?? []).enumerated().map { index, option in
                        ResolvedForm.Option(value: .int(option.value),
                                            label: resolve(option.label, "\(path).options[\(index)].label"))
                    }
                case .singleChoice(let choices), .multipleChoice(let choices):
                    options = choices.enumerated().map { index, option in
                        ResolvedForm.Option(value: .string(option.value),
                                            label: resolve(option.label, "\(path).options[\(index)].label"))
                    }
                case .yesNo:
                    break
                case .text(let length, let isMultiline):
                    maxLength = length
                    multiline = isMultiline
                case .number(let low, let high, let isInteger):
                    min = low.map(ResolvedForm.Bound.number)
                    max = high.map(ResolvedForm.Bound.number)
                    integer = isInteger
                case .date(let low, let high):
                    min = low.map(ResolvedForm.Bound.date)
                    max = high.map(ResolvedForm.Bound.date)
                }
                questions.append(ResolvedForm.Question(
                    id: question.id, type: question.type, required: question.required, label: label, help: help,
                    scale: question.scaleName, options: options, min: min, max: max, integer: integer,
                    maxLength: maxLength, multiline: multiline, showIf: question.showIf?.source))
            }
            sections.append(ResolvedForm.Section(id: section.id, element: section.element, title: sectionTitle,
                                                 questions: questions))
        }
        return ResolvedForm(id: id, version: version, kind: kind, language: language,
                            languageStatus: languages[language] ?? .draft, title: title, intro: intro,
                            unit: unit, sections: sections, fallbacks: fallbacks)
    }
}
