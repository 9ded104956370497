extension FormDefinition {
    /// Every scale question, in form order, with its element and satisfied values.
    ///
    /// Guarantees: one entry per scale question of a valid form; none for other types.
    public var scoredQuestions: [ScoredQuestion] {
        sections.flatMap { section in
            section.questions.compactMap { question -> ScoredQuestion? in
                guard let name = question.scaleName, let scale = scales[name] else { return nil }
                return ScoredQuestion(questionID: question.id, sectionID: section.id, element: section.element,
                                      scaleName: name, values: scale.values, satisfiedValues: scale.satisfied)
            }
        }
    }

    /// Whether `value` counts as satisfied for the scale question `questionID`; nil when the
    /// question does not exist or is not a scale question.
    public func isSatisfied(questionID: String, value: Int) -> Bool? {
        guard let question = question(id: questionID), let scale = scale(for: question) else { return nil }
        return scale.isSatisfied(value)
    }

    /// The SIPAS element the question counts towards (its section's), if any.
    public func element(ofQuestion questionID: String) -> SatisfactionElement? {
        section(containing: questionID)?.element
    }
}
