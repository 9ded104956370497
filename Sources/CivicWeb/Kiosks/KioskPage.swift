import CivicCore
import CivicStore

/// A kiosk's form screen (`kiosk.mustache`): touch-first, on the kiosk's own layout. With the
/// form's `kiosk_layout: one_question_per_screen`, one screen asks one thing (the officer's pick,
/// or one question), the answers so far riding along as hidden fields; otherwise the whole form
/// is one screen. Either way it is a plain form post: no script, no cookie.
struct KioskPage: Sendable {
    struct Hidden: Sendable {
        let name: String
        let value: String
    }

    struct OfficerOption: Sendable {
        let value: String
        let name: String
        let checked: Bool
    }

    /// The language, the title and the language switcher, as on the citizen pages (the switcher
    /// links to the kiosk's start in that language: a change of language starts again).
    let chrome: PageChrome
    let deskLine: ResolvedText
    let title: ResolvedText
    /// The form's introduction, on the first screen only.
    let intro: ResolvedText?
    let progress: String?
    let pageError: ResolvedText?
    let errors: [ResolvedText]
    let hasErrors: Bool
    let errorsHeading: ResolvedText
    let action: String
    let csrf: String
    let submissionID: String
    let step: String
    let hidden: [Hidden]
    /// The officer's pick, as a screen of its own or at the top of the whole form.
    let asksOfficer: Bool
    let officerLabel: ResolvedText
    let officerHelp: ResolvedText
    let officerError: ResolvedText?
    let officers: [OfficerOption]
    let questions: [FormPage.QuestionView]
    let showBack: Bool
    let backLabel: String
    let forwardLabel: String
    /// `next` or `send`: what the big button does.
    let forward: String
    let restartHref: String
    let restartLabel: String

    /// What one screen shows.
    struct Screen: Sendable {
        /// The step shown (a question id, ``KioskFlow/officerStep``), or nil for the whole form.
        var step: String?
        var flow: KioskFlow?
        var fields: [String: [String]]
        var errors: [SubmissionService.FieldError] = []
        var pageError: ResolvedText?
    }

    init(definition: FormDefinition, screen: Screen, chain: LanguageChain, ui: UIStrings, kioskPath: String,
         desk: DeskStore.Desk, unitName: String?, officers: [DeskStore.Officer], csrf: String, submissionID: String) {
        let form = definition.resolved(for: chain)
        chrome = PageChrome(title: form.title.text, language: form.language, chain: chain,
                            languages: definition.languages.keys.sorted(by: FormPage.languageOrder), path: kioskPath, ui: ui)
        deskLine = ui.format("kiosk.desk_line", for: chain, with: ["desk": desk.label, "unit": unitName ?? desk.unitCode])
        title = form.title
        action = kioskPath
        self.csrf = csrf
        self.submissionID = submissionID
        restartHref = kioskPath + "?lang=\(form.language)"
        restartLabel = ui.text("kiosk.restart", for: chain).text
        backLabel = ui.text("kiosk.back", for: chain).text
        errorsHeading = ui.text("form.errors_heading", for: chain)

        let errorsByField = Dictionary(grouping: screen.errors, by: \.field)
        func message(_ field: String) -> ResolvedText? {
            errorsByField[field]?.first.map { ui.format($0.uiKey, for: chain, with: $0.parameters) }
        }
        let requiredText = ui.text("form.required_marker", for: chain).text
        let resolved = Dictionary(form.sections.flatMap(\.questions).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let order = definition.questions.map(\.id)

        // What this screen asks: one step, or everything.
        let shownIDs: [String]
        let officerShown: Bool
        if let flow = screen.flow, let step = screen.step {
            officerShown = step == KioskFlow.officerStep
            shownIDs = officerShown ? [] : [step]
            let position = flow.position(of: step)
            progress = ui.format("kiosk.progress", for: chain,
                                 with: ["current": "\(position + 1)", "total": "\(flow.steps.count)"]).text
            intro = position == 0 ? form.intro : nil
            showBack = position > 0
            forward = flow.isLast(step) ? "send" : "next"
            self.step = step
        } else {
            officerShown = !officers.isEmpty
            shownIDs = order
            progress = nil
            intro = form.intro
            showBack = false
            forward = "send"
            self.step = ""
        }
        forwardLabel = ui.text(forward == "send" ? "kiosk.send" : "kiosk.next", for: chain).text
        questions = shownIDs.compactMap { id in
            resolved[id].map { question in
                FormPage.view(question, values: screen.fields[id] ?? [], error: message(id), requiredText: requiredText,
                              ui: ui, chain: chain)
            }
        }
        asksOfficer = officerShown && !officers.isEmpty
        officerLabel = ui.text("desk.officer_label", for: chain)
        officerHelp = ui.text("desk.officer_help", for: chain)
        officerError = message("officer")
        let chosen = screen.fields["officer"]?.first ?? ""
        self.officers = [OfficerOption(value: "", name: ui.text("desk.officer_none", for: chain).text, checked: chosen.isEmpty)]
            + officers.map { OfficerOption(value: "\($0.id)", name: $0.displayName, checked: "\($0.id)" == chosen) }

        // Everything answered on other screens rides along, so that the last screen sends it all.
        var hidden: [Hidden] = []
        if !officerShown, let officer = screen.fields["officer"]?.first, !officer.isEmpty {
            hidden.append(Hidden(name: "officer", value: officer))
        }
        for id in order where !shownIDs.contains(id) {
            for value in screen.fields[id] ?? [] where !value.isEmpty {
                hidden.append(Hidden(name: id, value: value))
            }
        }
        self.hidden = hidden

        // On a screen of its own a question shows its error beside it; the list names the others
        // (a whole form's, or the send's errors about another screen).
        let beside = Set(shownIDs + (officerShown ? ["officer"] : []))
        errors = screen.errors.filter { !beside.contains($0.field) }.map { ui.format($0.uiKey, for: chain, with: $0.parameters) }
        hasErrors = !errors.isEmpty
        pageError = screen.pageError
    }
}
