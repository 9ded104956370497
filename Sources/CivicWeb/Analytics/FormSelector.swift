/// The questionnaire a figures page is about, and the plain GET select that changes it (the
/// `form-selector` partial, inside the page's own filter form): each survey form by its title,
/// then "all forms (pooled)". The dashboard and the report show the same selector and the same
/// notes, so that the reader always sees which questionnaire the figures count.
struct FormSelector: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    let label: String
    let options: [Option]
    /// The chosen form's title, or "all forms (pooled)".
    let name: String
    /// When pooling: which forms the figures pool (those with responses in the period).
    let pooledNote: String?
    /// When pooling: the one form the element rates count.
    let elementsNote: String?

    /// - Parameters:
    ///   - choices: the survey forms, id and title (``AnalyticsService/surveyForms(text:)``).
    ///   - form: what the figures count.
    ///   - counted: the forms with responses among those counted.
    init(choices: [(id: String, title: String)], form: FormChoice, counted: [String], text: AnalyticsText) {
        let title = { (id: String) in choices.first { $0.id == id }?.title ?? id }
        label = text.text("form")
        options = choices.map { Option(value: $0.id, label: $0.title, selected: $0.id == form.formID) }
            + [Option(value: FormChoice.allForms, label: text.text("form.all"), selected: form.isPooled)]
        name = form.formID.map(title) ?? text.text("form.all")
        pooledNote = form.isPooled ? text.format("form_pooled", ["forms": counted.map(title).joined(separator: "; ")]) : nil
        elementsNote = form.isPooled ? form.elementsFormID.map { text.format("elements_form", ["form": title($0)]) } : nil
    }
}
