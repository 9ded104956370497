import CivicCore
import CivicStore
import Crypto
import Foundation
import Logging

/// Takes a survey response from any channel (web form, JSON API), checks it against its form
/// version and stores it once. The web and API controllers differ only in how they read input
/// and present the outcome.
struct SubmissionService: Sendable {
    let registry: FormRegistry
    let responses: ResponseStore
    let units: UnitDirectory
    /// The service's clock, against which a claimed `submittedAt` is judged.
    let clock: ServiceClock

    /// A response as it arrived, before validation.
    struct Submission: Sendable {
        var id: UUID
        var formID: String
        var formVersion: Int?
        var language: String
        var unitCode: String?
        var dossierCode: String?
        var channel: String
        var answers: [String: AnswerValue]
        /// Errors met while reading the answers (web form fields), reported with the others.
        var readErrors: [AnswerError] = []
        /// Errors in the rest of the request (an API body's unknown fields), reported with the others.
        var envelopeErrors: [FieldError] = []
        /// When the caller says the response was given (`submittedAt`); nil: now.
        var claimedAt: SubmittedAtClaim?
        /// Whether the caller may claim a time, for a response to the unit given (see
        /// ``SubmittedAtAuthority``); nil refuses every claim, as for an anonymous caller.
        var authorizeClaim: (@Sendable (Int64?) async throws -> SubmittedAtDecision)?
        /// The one-stop desk whose QR code opened the form (`desk`, its code), and the officer
        /// the citizen picked from that desk's list (`officer`, its id as sent), if any.
        var desk: DeskChoice?
    }

    /// A desk and officer as the form sent them, before they are checked.
    struct DeskChoice: Sendable, Hashable {
        var code: String
        var officer: String?
    }

    /// A problem with one field of a submission: an answer, or the form version, language, unit…
    struct FieldError: Sendable, Hashable {
        let field: String
        let code: String
        let parameters: [String: String]

        init(field: String, code: String, parameters: [String: String] = [:]) {
            self.field = field
            self.code = code
            self.parameters = parameters
        }

        init(_ error: AnswerError) {
            self.init(field: error.questionID, code: error.code.rawValue, parameters: error.parameters)
            self.messageKey = error.messageKey
        }

        /// The UI string explaining it: `error.<code>` unless the answer error chose otherwise.
        private(set) var messageKey: String?
        var uiKey: String { messageKey ?? "error.\(code)" }
    }

    enum Outcome: Sendable {
        case stored(ResponseStore.InsertOutcome, FormDefinition)
        case invalid([FieldError], FormDefinition)
        case unknownForm
    }

    static let channels: Set<String> = ["web", "api", "kiosk", "paper"]
    /// Channels only a recognised caller may name (see ``SubmittedAtAuthority``): a staff token with
    /// the paper-entry permission today, registered kiosk devices once they exist.
    static let attendedChannels: Set<String> = ["kiosk", "paper"]
    static let maximumDossierCodeLength = 64
    static let dossierCodeQuestion = "dossier_code"

    func submit(_ submission: Submission, logger: Logger) async throws -> Outcome {
        guard let current = registry.current(submission.formID) else { return .unknownForm }
        var errors = submission.envelopeErrors
        let definition: FormDefinition
        if let version = submission.formVersion, version != current.version {
            guard let stored = registry.definition(submission.formID, version: version) else {
                return .invalid([FieldError(field: "formVersion", code: "unknown_version",
                                            parameters: ["current": "\(current.version)"])], current)
            }
            definition = stored
        } else {
            definition = current
        }

        if definition.languages[submission.language] == nil {
            errors.append(FieldError(field: "language", code: "unknown_language",
                                     parameters: ["allowed": definition.languages.keys.sorted().joined(separator: ", ")]))
        }
        if !Self.channels.contains(submission.channel) {
            errors.append(FieldError(field: "channel", code: "unknown_option",
                                     parameters: ["value": submission.channel]))
        }
        // A one-stop-desk rating names its dossier in a question; an API client may also send it apart.
        var dossierCode = submission.dossierCode.map(VietnameseText.nfc)?.trimmingCharacters(in: .whitespaces)
        if dossierCode == nil, case .string(let code)? = submission.answers[Self.dossierCodeQuestion] {
            dossierCode = VietnameseText.nfc(code).trimmingCharacters(in: .whitespaces)
        }
        if let dossierCode, dossierCode.count > Self.maximumDossierCodeLength
            || dossierCode.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.append(FieldError(field: "dossierCode", code: "too_long",
                                     parameters: ["maxLength": "\(Self.maximumDossierCodeLength)"]))
        }

        var unitID: Int64?
        switch (definition.unit, submission.unitCode.flatMap { $0.isEmpty ? nil : $0 }) {
        case (.fixed(let code), let given?) where given != code:
            errors.append(FieldError(field: "unit", code: "unknown_option", parameters: ["value": given]))
            unitID = nil
        case (.fixed(let code), _):
            unitID = try await units.unit(code: code, logger: logger)?.id
        case (_, let given?):
            unitID = try await units.unit(code: given, logger: logger)?.id
            if unitID == nil {
                errors.append(FieldError(field: "unit", code: "unknown_option", parameters: ["value": given]))
            }
        case (_, nil):
            unitID = nil
        }

        // Rated through a desk's QR code: the desk must be in use and decides the unit; the
        // officer, when one was picked, must serve there.
        var deskRating: (desk: DeskStore.Desk, officerID: Int64?)?
        if let choice = submission.desk {
            let desks = DeskStore(database: responses.database)
            if let desk = try await desks.desk(code: choice.code, logger: logger), !desk.isRetired {
                var officerID: Int64?
                if let officer = choice.officer.flatMap({ $0.isEmpty ? nil : $0 }) {
                    let serving = try await desks.officers(deskID: desk.id, logger: logger).filter { !$0.isRetired }
                    officerID = Int64(officer).flatMap { id in serving.contains { $0.id == id } ? id : nil }
                    if officerID == nil {
                        errors.append(FieldError(field: "officer", code: "unknown_option", parameters: ["value": officer]))
                    }
                }
                if let unitID, unitID != desk.unitID {
                    errors.append(FieldError(field: "unit", code: "unknown_option", parameters: ["value": submission.unitCode ?? ""]))
                }
                deskRating = (desk, officerID)
                unitID = desk.unitID
            } else {
                errors.append(FieldError(field: "desk", code: "unknown_option", parameters: ["value": choice.code]))
            }
        }

        let validation = definition.validate(answers: submission.answers, readErrors: submission.readErrors)
        errors += validation.errors.map(FieldError.init)
        // A kiosk's or a paper form's response is counted as given at the one-stop desk: only a
        // caller an authority recognises may say so, not anyone posting to the API.
        let attended = Self.attendedChannels.contains(submission.channel)
        let decision: SubmittedAtDecision = submission.claimedAt != nil || attended
            ? try await submission.authorizeClaim?(unitID) ?? .notRecognised : .notRecognised
        if attended {
            switch decision {
            case .notRecognised:
                errors.append(FieldError(field: "channel", code: "channel_not_allowed",
                                         parameters: ["value": submission.channel]))
            case .refused(let reason):
                if errors.isEmpty {
                    throw Problem(status: .forbidden, title: "Forbidden", detail: "channel \(submission.channel): \(reason).")
                }
            case .allowed:
                break
            }
        }
        var claim: (instant: Date, actor: AuditLog.Actor)?
        if let claimed = submission.claimedAt {
            switch decision {
            case .notRecognised:
                errors.append(FieldError(field: "submittedAt", code: "not_allowed"))
            case .refused(let reason):
                // With other errors the body is answered first: a unit that does not exist cannot be in scope.
                if errors.isEmpty {
                    throw Problem(status: .forbidden, title: "Forbidden", detail: "submittedAt: \(reason).")
                }
            case .allowed(let actor):
                let since = try await FormStore(database: responses.database)
                    .versionStoredAt(formID: definition.id, version: definition.version, logger: logger)
                if let refusal = claimed.refusal(now: clock.now(), formVersionSince: since) {
                    errors.append(FieldError(field: "submittedAt", code: refusal.rawValue, parameters: [
                        "days": "\(SubmittedAtClaim.maximumDaysBack)",
                        "since": since.map { CalendarDate.inVietnam(at: $0).description } ?? "",
                    ]))
                } else {
                    claim = (claimed.instant, actor)
                }
            }
        }
        guard errors.isEmpty else { return .invalid(errors, definition) }

        let answersJSON = try AnswerValue.sortedJSON(validation.answers)
            ?? String(decoding: Self.encoder.encode(validation.answers), as: UTF8.self)
        let content = StoredContent(form: definition.id, formVersion: definition.version, language: submission.language,
                                    unit: unitID, dossierCode: dossierCode, channel: submission.channel,
                                    submittedAt: submission.claimedAt?.canonicalText, answersJSON: answersJSON,
                                    desk: deskRating?.desk.id, officer: deskRating?.officerID)
        let desk = deskRating.map { rating in
            let scored = definition.scoredQuestions.compactMap { question -> Bool? in
                guard case .int(let value)? = validation.answers[question.questionID] else { return nil }
                return question.isSatisfied(value)
            }
            return ResponseStore.DeskRating(deskID: rating.desk.id, officerID: rating.officerID,
                                            satisfied: scored.filter { $0 }.count, answered: scored.count)
        }
        let digest = SHA256.hash(data: Data(content.json.utf8)).hexadecimal
        let outcome = try await responses.insert(
            ResponseStore.NewResponse(id: submission.id, formID: definition.id, formVersion: definition.version,
                                      unitID: unitID, language: submission.language, channel: submission.channel,
                                      dossierCode: dossierCode, answersJSON: answersJSON, contentDigest: digest,
                                      submittedAt: claim?.instant, desk: desk),
            logger: logger)
        if outcome == .created {
            CivicMetrics.responsesStored(channel: submission.channel).increment()
            if let claim {
                // Staff entering a response for another day is a change by staff: audited, after
                // the response committed (the batch writer shares its commit with other responses).
                try await AuditLog(database: responses.database).append(
                    "responses.enter_dated", objectType: "response", objectID: submission.id.uuidString.lowercased(),
                    details: ["form": .string(definition.id), "version": .int(definition.version),
                              "submittedAt": .string(submission.claimedAt?.canonicalText ?? "")],
                    by: claim.actor, logger: logger)
            }
        }
        logger.info("response submitted", metadata: [
            "response.id": "\(submission.id)", "form": "\(definition.id)", "version": "\(definition.version)",
            "outcome": "\(outcome)",
        ])
        return .stored(outcome, definition)
    }

    /// Sorted keys, so that equal answers always give equal text (and digests).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// What the digest covers: everything that makes a response, so a replay is recognised exactly.
    struct StoredContent {
        let form: String
        let formVersion: Int
        let language: String
        let unit: Int64?
        let dossierCode: String?
        let channel: String
        /// A claimed time (``SubmittedAtClaim/canonicalText``); nil for the server's clock.
        var submittedAt: String?
        let answersJSON: String
        /// The desk and officer of a rating made through a desk's QR code.
        var desk: Int64? = nil
        var officer: Int64? = nil

        /// The text `encoder` would give for these members with the answers as an object (sorted
        /// keys, absent optionals left out), written around the answers' text so that they are
        /// encoded once, not twice. Digests stored earlier were computed on exactly this text.
        var json: String {
            var members = [#""answers":"# + answersJSON, #""channel":"# + Self.quoted(channel)]
            if let desk { members.append(#""desk":\#(desk)"#) }
            if let dossierCode { members.append(#""dossierCode":"# + Self.quoted(dossierCode)) }
            members.append(#""form":"# + Self.quoted(form))
            members.append(#""formVersion":\#(formVersion)"#)
            members.append(#""language":"# + Self.quoted(language))
            if let officer { members.append(#""officer":\#(officer)"#) }
            if let submittedAt { members.append(#""submittedAt":"# + Self.quoted(submittedAt)) }
            if let unit { members.append(#""unit":\#(unit)"#) }
            return "{" + members.joined(separator: ",") + "}"
        }

        private static func quoted(_ text: String) -> String {
            var json = ""
            AnswerValue.appendJSONString(text, to: &json)
            return json
        }
    }
}
