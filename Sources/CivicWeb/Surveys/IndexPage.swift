import CivicCore

/// `GET /`: the open forms, in the reader's language.
struct IndexPage: Sendable {
    struct Entry: Sendable {
        let href: String
        let title: ResolvedText
        let intro: ResolvedText?
    }

    let chrome: PageChrome
    let heading: ResolvedText
    let forms: [Entry]
    let empty: ResolvedText
    /// Stored, not computed: mustache reads values through reflection, which sees stored properties only.
    let hasForms: Bool

    init(chrome: PageChrome, heading: ResolvedText, forms: [Entry], empty: ResolvedText) {
        self.chrome = chrome
        self.heading = heading
        self.forms = forms
        self.empty = empty
        self.hasForms = !forms.isEmpty
    }
}
