import CivicCore
import CivicStore

/// `GET /f/{form}` and a re-shown `POST`: the form in the reader's language, with what they typed
/// and each error beside its field.
struct FormPage: Sendable {
    struct ErrorSummary: Sendable {
        struct Item: Sendable {
            let anchor: String
            let label: String
            let message: ResolvedText
        }
        let heading: ResolvedText
        let items: [Item]
    }

    struct UnitPicker: Sendable {
        struct Option: Sendable {
            let code: String
            let name: String
            let selected: Bool
        }
        let label: ResolvedText
        let options: [Option]
        let error: ResolvedText?
    }

    /// The one-stop desk whose QR code opened the form: named at the top, carried as a hidden
    /// field, with the desk's officers to pick from (optional: the citizen may not know).
    struct DeskContext: Sendable {
        struct Officer: Sendable {
            let id: String
            let name: String
            let selected: Bool
        }
        let code: String
        let notice: ResolvedText
        let officerLabel: ResolvedText
        let officerHelp: ResolvedText
        let noOfficer: String
        let officers: [Officer]
        let hasOfficers: Bool
        let error: ResolvedText?
    }

    struct Section: Sendable {
        let title: ResolvedText
        let questions: [QuestionView]
    }

    struct OptionView: Sendable {
        let name: String
        let value: String
        let label: ResolvedText
        let checked: Bool
        let inputType: String
    }

    struct QuestionView: Sendable {
        let id: String
        let label: ResolvedText
        let help: ResolvedText?
        let required: Bool
        let requiredText: String
        let conditionalNote: ResolvedText?
        let error: ResolvedText?
        /// Scale, choice and yes/no questions are a fieldset of radio buttons or check boxes.
        let isFieldset: Bool
        /// A fieldset of radio buttons: marked `role="radiogroup"`, so that a required one can
        /// say so with `aria-required` (which a plain group may not carry).
        let isRadioGroup: Bool
        let options: [OptionView]
        let isTextarea: Bool
        let inputType: String
        let value: String
        let maxLength: Int?
        let inputMode: String?
        let min: String?
        let max: String?
    }

    let chrome: PageChrome
    let title: ResolvedText
    let intro: ResolvedText?
    let draftNotice: ResolvedText?
    let pageError: ResolvedText?
    let errorSummary: ErrorSummary?
    let action: String
    let csrf: String
    let submissionID: String
    let language: String
    let unitPicker: UnitPicker?
    let desk: DeskContext?
    let sections: [Section]
    let submitLabel: String
    /// Contact details and attachments, on the feedback page only.
    let extras: FeedbackFormExtras?
    /// `multipart/form-data` when the page sends files.
    let enctype: String

    /// What the page needs beyond the form: the reader, the previous post, the protection fields.
    struct Context: Sendable {
        var chain: LanguageChain
        var ui: UIStrings
        var fields: [String: [String]] = [:]
        var errors: [SubmissionService.FieldError] = []
        var pageError: ResolvedText?
        var csrf: String
        var submissionID: String
        var units: [UnitStore.ActiveUnit] = []
        /// Where the form posts; `/f/{form}` unless given.
        var action: String?
        var extras: FeedbackFormExtras?
        /// The desk the form was opened for (its QR code); it decides the unit, so no unit picker.
        var desk: DeskStore.Desk?
        var deskUnitName: String?
        /// The officers serving at that desk, to pick from.
        var officers: [DeskStore.Officer] = []
    }

    init(definition: FormDefinition, context: Context) {
        let chain = context.chain
        let ui = context.ui
        let form = definition.resolved(for: chain)
        let errorsByField = Dictionary(grouping: context.errors, by: \.field)
        func message(_ field: String) -> ResolvedText? {
            errorsByField[field]?.first.map { ui.format($0.uiKey, for: chain, with: $0.parameters) }
        }
        let requiredText = ui.text("form.required_marker", for: chain).text

        self.chrome = PageChrome(title: form.title.text, language: form.language, chain: chain,
                                 languages: definition.languages.keys.sorted(by: Self.languageOrder),
                                 path: (context.action ?? "/f/\(definition.id)")
                                     + (context.desk.map { "?desk=\($0.code)" } ?? ""), ui: ui)
        self.title = form.title
        self.intro = form.intro
        self.draftNotice = form.languageStatus == .draft ? ui.text("form.draft_notice", for: chain) : nil
        self.pageError = context.pageError
        self.action = context.action ?? "/f/\(definition.id)"
        self.extras = context.extras
        self.enctype = context.extras == nil ? "application/x-www-form-urlencoded" : "multipart/form-data"
        self.csrf = context.csrf
        self.submissionID = context.submissionID
        self.language = form.language
        self.submitLabel = ui.text("form.submit", for: chain).text

        if let desk = context.desk {
            let chosen = context.fields["officer"]?.first
            self.desk = DeskContext(
                code: desk.code,
                notice: ui.format("desk.form_notice", for: chain, with: ["desk": desk.label,
                                                                         "unit": context.deskUnitName ?? desk.unitCode]),
                officerLabel: ui.text("desk.officer_label", for: chain), officerHelp: ui.text("desk.officer_help", for: chain),
                noOfficer: ui.text("desk.officer_none", for: chain).text,
                officers: context.officers.map { .init(id: "\($0.id)", name: $0.displayName, selected: "\($0.id)" == chosen) },
                hasOfficers: !context.officers.isEmpty, error: message("officer") ?? message("desk"))
        } else {
            self.desk = nil
        }
        if context.desk == nil, definition.unit == .chosenByCitizen || (context.extras != nil && definition.unit == nil),
           !context.units.isEmpty {
            let chosen = context.fields["unit"]?.first
            self.unitPicker = UnitPicker(
                label: context.extras?.unitLabel ?? ui.text("form.choose_unit", for: chain),
                options: context.units.map { unit in
                    let name = chain.languages.lazy.compactMap { unit.names[$0] }.first ?? unit.names["vi"] ?? unit.code
                    return .init(code: unit.code, name: name, selected: unit.code == chosen)
                },
                error: message("unit"))
        } else {
            self.unitPicker = nil
        }

        var labels: [String: String] = [:]
        self.sections = form.sections.map { section in
            Section(title: section.title, questions: section.questions.map { question in
                labels[question.id] = question.label.text
                return Self.view(question, values: context.fields[question.id] ?? [], error: message(question.id),
                                 requiredText: requiredText, ui: ui, chain: chain)
            })
        }

        if context.errors.isEmpty {
            self.errorSummary = nil
        } else {
            labels["unit"] = ui.text("form.choose_unit", for: chain).text
            labels["officer"] = ui.text("desk.officer_label", for: chain).text
            labels["desk"] = ui.text("desk.officer_label", for: chain).text
            self.errorSummary = ErrorSummary(
                heading: ui.text("form.errors_heading", for: chain),
                items: context.errors.map { error in
                    .init(anchor: error.field == "unit" ? "f-unit"
                            : ["officer", "desk"].contains(error.field) ? "f-officer"
                            : error.field.hasPrefix("contact.") ? "q-contact" : "q-\(error.field)",
                          label: labels[error.field] ?? error.field,
                          message: ui.format(error.uiKey, for: chain, with: error.parameters))
                })
        }
    }

    /// Vietnamese first, then the others alphabetically: the switcher reads the same on every page.
    static func languageOrder(_ a: String, _ b: String) -> Bool {
        if a == LanguageChain.baseLanguage { return b != LanguageChain.baseLanguage }
        if b == LanguageChain.baseLanguage { return false }
        return a < b
    }

    static func view(_ question: ResolvedForm.Question, values: [String], error: ResolvedText?,
                             requiredText: String, ui: UIStrings, chain: LanguageChain) -> QuestionView {
        var options: [OptionView] = []
        var isFieldset = true
        var inputType = "text"
        var inputMode: String?
        var isTextarea = false
        switch question.type {
        case .scale, .singleChoice, .multipleChoice:
            let type = question.type == .multipleChoice ? "checkbox" : "radio"
            options = (question.options ?? []).map { option in
                let value = switch option.value {
                case .int(let number): "\(number)"
                case .string(let text): text
                }
                return OptionView(name: question.id, value: value, label: option.label,
                                  checked: values.contains(value), inputType: type)
            }
        case .yesNo:
            options = [("yes", "answer.yes"), ("no", "answer.no")].map { value, key in
                OptionView(name: question.id, value: value, label: ui.text(key, for: chain),
                           checked: values.contains(value), inputType: "radio")
            }
        case .text:
            isFieldset = false
            isTextarea = question.multiline == true
        case .number:
            isFieldset = false
            inputMode = question.integer == true ? "numeric" : "decimal"
        case .date:
            isFieldset = false
            inputType = "date"
        }
        func bound(_ value: ResolvedForm.Bound?) -> String? {
            switch value {
            case .number(let number)?: DecimalText.format(number)
            case .date(let date)?: date.description
            case nil: nil
            }
        }
        return QuestionView(
            id: question.id, label: question.label, help: question.help, required: question.required,
            requiredText: requiredText,
            conditionalNote: question.showIf == nil ? nil : ui.text("form.conditional_note", for: chain),
            error: error, isFieldset: isFieldset, isRadioGroup: isFieldset && question.type != .multipleChoice,
            options: options, isTextarea: isTextarea, inputType: inputType,
            value: isFieldset ? "" : (values.first ?? ""), maxLength: question.maxLength, inputMode: inputMode,
            min: question.type == .date ? bound(question.min) : nil,
            max: question.type == .date ? bound(question.max) : nil)
    }
}
