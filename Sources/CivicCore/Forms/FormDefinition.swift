import Foundation

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
    /// Who wrote or checked the plain-text strings of a language, for the languages whose entry
    /// in `languages` says so (`en: {status: complete, written_by: …}`): those strings count as
    /// reviewed by them. A translation written with its own record keeps that record.
    public var writtenBy: [String: String] { writtenByStorage ?? [:] }
    /// Optional so that the canonical JSON of a form that names nobody keeps the shape (and the
    /// stored digest) it had before this existed.
    private let writtenByStorage: [String: String]?
    public let title: LocalizedText
    public let intro: LocalizedText?
    /// Which unit a response rates; nil when the form records no unit.
    public let unit: UnitRule?
    /// Named scales, referred to by scale questions.
    public let scales: [String: Scale]
    /// At least one section, in display order.
    public let sections: [FormSection]

    public init(id: String, version: Int, kind: FormKind, baseLanguage: String = LanguageChain.baseLanguage,
                languages: [String: TranslationStatus], writtenBy: [String: String] = [:], title: LocalizedText,
                intro: LocalizedText? = nil, unit: UnitRule? = nil, scales: [String: Scale] = [:],
                sections: [FormSection]) {
        self.id = id
        self.version = version
        self.kind = kind
        self.baseLanguage = baseLanguage
        self.languages = languages
        self.writtenByStorage = writtenBy.isEmpty ? nil : writtenBy
        self.title = title
        self.intro = intro
        self.unit = unit
        self.scales = scales
        self.sections = sections
    }

    private enum CodingKeys: String, CodingKey {
        case id, version, kind, baseLanguage, languages, writtenByStorage = "writtenBy", title, intro, unit, scales, sections
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

extension FormDefinition {
    /// Parses and validates one form file.
    ///
    /// Pure: reads nothing but `yaml`; `file` is only used to label issues.
    /// - Throws: ``FormValidationErrors`` with every issue found (not just the first), each
    ///   located by line, column and key path.
    public static func parse(yaml: String, file: String) throws(FormValidationErrors) -> FormDefinition {
        try parseWithSettings(yaml: yaml, file: file).form
    }

    /// ``parse(yaml:file:)``, with the file's settings (`metrics_default`, `kiosk_layout`), which are
    /// not part of the definition.
    static func parseWithSettings(yaml: String, file: String) throws(FormValidationErrors)
        -> (form: FormDefinition, settings: FormFileSettings) {
        var parser = FormParser(file: file, source: yaml)
        let form = parser.parse()
        if let form, parser.issues.isEmpty {
            return (form, FormFileSettings(metricsDefault: parser.metricsDefault, kioskLayout: parser.kioskLayout))
        }
        throw FormValidationErrors(parser.issues.issues)
    }
}

extension FormDefinition {
    /// A deterministic JSON serialisation of the whole definition, for hashing and storage.
    ///
    /// Guarantees: equal definitions give byte-identical output (keys sorted at every level,
    /// arrays in form order, no insignificant white space, numbers in their plain decimal
    /// spelling), and decoding it with ``init(canonicalJSON:)`` gives an equal definition. The
    /// store hashes this to refuse a changed form under an existing version. Any change to the
    /// encoding changes every hash, so treat this format as stable.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes a definition written by ``canonicalJSON()`` (or any JSON of the same shape).
    public init(canonicalJSON data: Data) throws {
        self = try JSONDecoder().decode(FormDefinition.self, from: data)
    }
}

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
