import CivicCore

/// `GET /`: the open surveys, and the feedback and petitions pages (the form, the tracking-code
/// look-up, the published results), in the reader's language.
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
    let feedbackHeading: ResolvedText
    let feedback: [Entry]

    init(chrome: PageChrome, heading: ResolvedText, forms: [Entry], empty: ResolvedText, feedbackHeading: ResolvedText,
         feedback: [Entry]) {
        self.chrome = chrome
        self.heading = heading
        self.forms = forms
        self.empty = empty
        self.hasForms = !forms.isEmpty
        self.feedbackHeading = feedbackHeading
        self.feedback = feedback
    }
}
