import CivicCore

/// The parts of the feedback page that are not questions of the form: optional contact details
/// behind an explicit consent box (never pre-ticked), and attachments.
struct FeedbackFormExtras: Sendable {
    struct Field: Sendable {
        let name: String
        let label: ResolvedText
        let value: String
        let inputType: String
        let autocomplete: String
        let error: ResolvedText?
    }

    let contactLegend: ResolvedText
    let contactHelp: ResolvedText
    let consentLabel: ResolvedText
    let consentChecked: Bool
    let consentError: ResolvedText?
    let fields: [Field]
    let attachmentsLabel: ResolvedText
    let attachmentsHelp: ResolvedText
    let attachmentsError: ResolvedText?
    let unitLabel: ResolvedText

    init(chain: LanguageChain, ui: UIStrings, fields values: [String: [String]],
         errors: [SubmissionService.FieldError]) {
        func message(_ field: String) -> ResolvedText? {
            errors.first { $0.field == field || $0.field.hasPrefix(field + ".") }
                .map { ui.format($0.uiKey, for: chain, with: $0.parameters) }
        }
        contactLegend = ui.text("pakn.contact_legend", for: chain)
        contactHelp = ui.text("pakn.contact_help", for: chain)
        consentLabel = ui.text("pakn.contact_consent", for: chain)
        // Ticked again only if the citizen ticked it in the post being re-shown.
        consentChecked = values["contact_consent"]?.first == ContactConsent.affirmativeAnswer
        consentError = message("contact_consent")
        self.fields = [
            ("name", "text", "name"), ("phone", "tel", "tel"), ("email", "email", "email"), ("address", "text", "address-line1"),
        ].map { name, type, autocomplete in
            Field(name: "contact_\(name)", label: ui.text("pakn.contact_\(name)", for: chain),
                  value: values["contact_\(name)"]?.first ?? "", inputType: type, autocomplete: autocomplete,
                  error: message("contact.\(name)"))
        }
        attachmentsLabel = ui.text("pakn.attachments", for: chain)
        attachmentsHelp = ui.text("pakn.attachments_help", for: chain)
        attachmentsError = message("attachments")
        unitLabel = ui.text("pakn.unit", for: chain)
    }
}
