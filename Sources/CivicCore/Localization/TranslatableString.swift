/// One translatable string of a form or of the interface, named by an id that stays the same
/// when strings are added or moved: what a translator's file lists, one row or unit each.
///
/// Form ids follow the form's own ids: `title`, `intro`, `scales.satisfaction5.options.4`,
/// `sections.access.title`, `questions.a1.label`, `questions.a1.help`,
/// `questions.category.options.other`. Interface ids are the keys: `form.submit`.
public struct TranslatableString: Sendable, Hashable {
    public let id: String
    public let role: StringRole
    public let text: LocalizedText

    public init(id: String, role: StringRole, text: LocalizedText) {
        self.id = id
        self.role = role
        self.text = text
    }

    /// The Vietnamese (base-language) text.
    public var source: String { text[text.baseLanguage] ?? "" }

    /// The most characters a translation may have.
    public var maximumLength: Int {
        role.limit ?? StringRole.interfaceLimit(source: source)
    }
}
