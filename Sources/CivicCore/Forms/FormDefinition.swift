/// A form as its YAML file defines it: the questions, their texts in every language, and the
/// rules an answer set must satisfy. Pure data: parse it with ``parse(yaml:file:)``, store it
/// (``canonicalJSON``), show it (``resolved(for:)``) and check answers against it
/// (``validate(answers:)``).
///
/// A definition returned by `parse` guarantees everything the format promises (see Forms/README.md):
/// unique ids, declared languages, the base language complete, valid `show_if` expressions.
public struct FormDefinition: Sendable, Hashable, Codable {
    /// The slug that names the form in URLs and in the store: `sipas`.
    public let id: String
    /// A positive integer; a changed form must get a new version.
    public let version: Int
    public let kind: FormKind
    /// The language every string must have; always `vi` in the shipped forms.
    public let baseLanguage: String
    /// Every language the form has strings in, with how far each can be trusted.
    public let languages: [String: TranslationStatus]
    public let title: LocalizedText
    public let intro: LocalizedText?
    /// Which unit a response rates; nil when the form records no unit.
    public let unit: UnitRule?
    /// Named scales, referred to by scale questions.
    public let scales: [String: Scale]
    /// At least one section, in display order.
    public let sections: [FormSection]

    public init(id: String, version: Int, kind: FormKind, baseLanguage: String = LanguageChain.baseLanguage,
                languages: [String: TranslationStatus], title: LocalizedText, intro: LocalizedText? = nil,
                unit: UnitRule? = nil, scales: [String: Scale] = [:], sections: [FormSection]) {
        self.id = id
        self.version = version
        self.kind = kind
        self.baseLanguage = baseLanguage
        self.languages = languages
        self.title = title
        self.intro = intro
        self.unit = unit
        self.scales = scales
        self.sections = sections
    }

    /// Every question in the order asked.
    public var questions: [Question] {
        sections.flatMap(\.questions)
    }

    /// The question with this id, if the form has one.
    public func question(id: String) -> Question? {
        for section in sections {
            if let question = section.questions.first(where: { $0.id == id }) { return question }
        }
        return nil
    }

    /// The section that holds the question with this id.
    public func section(containing questionID: String) -> FormSection? {
        sections.first { $0.questions.contains { $0.id == questionID } }
    }

    /// The scale a scale question uses; nil for other questions.
    public func scale(for question: Question) -> Scale? {
        question.scaleName.flatMap { scales[$0] }
    }
}
