import CivicCore
import CivicStore
import Crypto
import Foundation
import Logging

/// Takes a feedback item (PAKN) from any channel — web form, JSON API, Open311 — checks it
/// against the `feedback` form, its attachments and the citizen's contact consent, and stores it
/// once, with a tracking code.
struct FeedbackService: Sendable {
    let registry: FormRegistry
    let store: FeedbackStore
    let units: UnitDirectory
    let contacts: ContactVault?
    /// Seals attachments; nil without data keys, and then no attachment is accepted.
    let files: AttachmentVault?
    /// The day of receipt, and the instant a citizen's consent is recorded.
    let clock: ServiceClock
    let attachments = AttachmentPolicy()

    /// The form that defines the fields of a feedback item.
    static let formID = "pakn"

    struct Intake: Sendable {
        var id: UUID
        var language: String
        var channel: String
        var unitCode: String?
        /// Answers to the `pakn` form's questions: category, title, content, procedure_name.
        var answers: [String: AnswerValue]
        var readErrors: [AnswerError] = []
        var envelopeErrors: [SubmissionService.FieldError] = []
        var files: [(name: String, bytes: [UInt8])] = []
        /// Contact details and whether the citizen ticked the consent box (never pre-ticked).
        var contact: ContactDetails?
        var consent: ContactConsent?
    }

    enum Outcome: Sendable {
        case stored(FeedbackStore.InsertOutcome)
        case invalid([SubmissionService.FieldError])
        case unavailableForm
    }

    var form: FormDefinition? { registry.current(Self.formID) }

    func submit(_ intake: Intake, logger: Logger) async throws -> Outcome {
        guard let form, form.kind == .feedback else { return .unavailableForm }
        var errors = intake.envelopeErrors
        if form.languages[intake.language] == nil {
            errors.append(.init(field: "language", code: "unknown_language",
                                parameters: ["allowed": form.languages.keys.sorted().joined(separator: ", ")]))
        }
        var unitID: Int64?
        if let code = intake.unitCode, !code.isEmpty {
            unitID = try await units.unit(code: code, logger: logger)?.id
            if unitID == nil { errors.append(.init(field: "unit", code: "unknown_option", parameters: ["value": code])) }
        }
        let validation = form.validate(answers: intake.answers, readErrors: intake.readErrors)
        errors += validation.errors.map(SubmissionService.FieldError.init)

        if intake.files.count > attachments.maximumCount {
            errors.append(.init(field: "attachments", code: "attachment_too_many",
                                parameters: ["max": "\(attachments.maximumCount)"]))
        }
        var stored: [FeedbackStore.NewAttachment] = []
        for file in intake.files.prefix(attachments.maximumCount) {
            switch attachments.check(fileName: file.name, bytes: file.bytes) {
            case .success(let accepted):
                guard let files else {
                    errors.append(.init(field: "attachments", code: "attachment_type",
                                        parameters: ["name": AttachmentPolicy.safeName(file.name)]))
                    continue
                }
                let id = UUID()
                stored.append(.init(id: id, fileName: accepted.fileName, mediaType: accepted.mediaType,
                                    sha256: SHA256.hash(data: file.bytes).hexadecimal,
                                    sealed: try files.seal(file.bytes, attachmentID: id)))
            case .failure(let refusal):
                var parameters = ["name": AttachmentPolicy.safeName(file.name)]
                if case .tooLarge(let maximum) = refusal { parameters["maxKB"] = "\(maximum / 1024)" }
                errors.append(.init(field: "attachments", code: refusal.code, parameters: parameters))
            }
        }
        // Contact details only with the box ticked, and then they must be usable.
        if intake.contact != nil, intake.consent == nil {
            errors.append(.init(field: "contact_consent", code: "consent_required"))
        }
        guard errors.isEmpty else { return .invalid(errors) }

        func text(_ id: String) -> String? {
            if case .string(let value)? = validation.answers[id] { return value }
            return nil
        }
        guard let category = text("category"), let title = text("title"), let content = text("content") else {
            return .invalid([.init(field: "content", code: "required")])
        }
        let digestInput = [form.id, "\(form.version)", intake.language, intake.unitCode ?? "", category, title, content,
                           text("procedure_name") ?? ""] + stored.map(\.sha256)
        let digest = SHA256.hash(data: Data(digestInput.joined(separator: "\u{1F}").utf8)).hexadecimal
        var generator = SystemRandomNumberGenerator()
        let item = FeedbackStore.NewItem(
            id: intake.id, formID: form.id, formVersion: form.version, category: category, title: title, content: content,
            procedureName: text("procedure_name"), unitID: unitID, language: intake.language, channel: intake.channel,
            receivedOn: clock.today(),
            trackingSuffix: TrackingCode.randomSuffix(using: &generator), contentDigest: digest, attachments: stored)
        var contact: FeedbackStore.NewContact?
        if let details = intake.contact, let consent = intake.consent, let vault = contacts {
            contact = FeedbackStore.NewContact(details: details, consent: consent, vault: vault)
        }
        let outcome = try await store.insert(item, contact: contact, logger: logger)
        // The outcome's kind only: it carries the tracking code, the citizen's secret.
        let kind = switch outcome {
        case .created: "created"
        case .replayed: "replayed"
        case .conflict: "conflict"
        }
        logger.info("feedback submitted", metadata: ["feedback.id": "\(intake.id)", "outcome": "\(kind)",
                                                     "attachments": "\(stored.count)"])
        return .stored(outcome)
    }
}
