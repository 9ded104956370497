import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/v1/responses`: survey responses from kiosks, apps and the provincial portal.
///
/// Idempotent by the client-made `id`: 201 when stored, 200 when the same id comes again with the
/// same content, 409 when it comes with other content; 422 lists every field error at once. The
/// answer is sent only after the transaction committed.
///
/// `submittedAt` (a time with its offset, or a day `YYYY-MM-DD`) says when a paper or offline
/// answer was given, so that it counts on that day; only callers an authority allows may send it
/// (``SubmittedAtAuthority``): anonymous callers get 422, known callers without the right 403, and
/// the time must meet ``SubmittedAtClaim``'s rules (422 `in_future`, `too_old`, `before_form_version`).
///
/// A registered kiosk (issue 16) resends here what it took while offline, with its token as the
/// bearer token: the response is then its desk's (channel `kiosk` unless the body says otherwise,
/// which is refused; `officer` may name one of the desk's officers), and a revoked or unknown
/// kiosk token is refused with 401 before anything else is looked at.
struct ResponsesAPIController: Sendable {
    let submissions: SubmissionService
    let intake: APIIntake
    /// Asked in turn whether the caller may claim `submittedAt`.
    let authorities: [any SubmittedAtAuthority]
    /// The kiosk devices, to recognise a kiosk's bearer token.
    let kiosks: KioskDevices

    static let maximumBodySize = 64 * 1024
    static let knownFields: Set<String> = ["id", "form", "formVersion", "language", "unit", "dossierCode", "channel",
                                           "answers", "submittedAt", "officer"]

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/v1/responses", use: create)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Created> {
        // A kiosk's token is checked first: a revoked device is told so, whatever its body says.
        var device: (kiosk: KioskStore.Kiosk, desk: DeskStore.Desk)?
        if let token = KioskDevices.bearerToken(request) {
            switch try await kiosks.resolve(token: token, logger: context.logger) {
            case .active(let kiosk, let desk): device = (kiosk, desk)
            case .revoked:
                throw Problem(status: .unauthorized, title: "Kiosk revoked",
                              detail: "This kiosk token was revoked, or its desk taken out of use: register the device again on the desk's page.",
                              headers: [.wwwAuthenticate: #"Bearer realm="civicvoice", error="invalid_token""#])
            case .unknown:
                throw Problem(status: .unauthorized, title: "Unauthorized",
                              detail: "This kiosk token is not known.",
                              headers: [.wwwAuthenticate: #"Bearer realm="civicvoice", error="invalid_token""#])
            }
        }
        let body = try await intake.body(request, context: context, limit: Self.maximumBodySize)
        // The reader's languages are worked out only for an error: on success nothing is worded.
        let chain = { intake.chain(request) }
        let (read, errors) = Self.read(body)
        guard var submission = read else {
            throw invalid(errors, chain: chain())
        }
        // The answers are checked too, so one reply lists every problem of the body.
        submission.envelopeErrors = errors
        let officer = Self.officer(body["officer"], errors: &submission.envelopeErrors)
        if let device {
            // The kiosk's desk decides the unit; what it takes is channel kiosk.
            if body["channel"] == nil { submission.channel = "kiosk" }
            if submission.channel != "kiosk" {
                submission.envelopeErrors.append(.init(field: "channel", code: "unknown_option",
                                                       parameters: ["value": submission.channel]))
            }
            submission.desk = SubmissionService.DeskChoice(code: device.desk.code, officer: officer)
        } else if officer != nil {
            // Only a kiosk knows its desk, and so which officers are there to pick.
            submission.envelopeErrors.append(.init(field: "officer", code: "officer_not_allowed"))
        }
        // Who the caller is matters only for a claimed time or one of the desk's channels.
        if submission.claimedAt != nil || SubmissionService.attendedChannels.contains(submission.channel) {
            let authorities = self.authorities, logger = context.logger
            submission.authorizeClaim = { unitID in
                for authority in authorities {
                    let decision = try await authority.decide(request, unitID: unitID, logger: logger)
                    if case .notRecognised = decision { continue }
                    return decision
                }
                return .notRecognised
            }
        }
        switch try await submissions.submit(submission, logger: context.logger) {
        case .stored(let outcome, let definition):
            let created = Created(id: submission.id, form: definition.id, formVersion: definition.version,
                                  status: outcome == .created ? "created" : "replayed")
            switch outcome {
            case .created: return EditedResponse(status: .created, response: created)
            case .replayed: return EditedResponse(status: .ok, response: created)
            case .conflict:
                throw Problem(status: .conflict, title: "Conflict",
                              detail: "A response with id \(submission.id.uuidString.lowercased()) was already stored with different content.")
            case .dossierAlreadyRated:
                throw Problem(status: .conflict, title: "Dossier already rated",
                              detail: "This dossier code was already rated with version \(definition.version) of form \(definition.id); a dossier is rated once.")
            }
        case .invalid(let errors, _):
            throw invalid(errors, chain: chain())
        case .unknownForm:
            throw invalid([.init(field: "form", code: "unknown_form", parameters: ["value": submission.formID])], chain: chain())
        }
    }

    /// `officer`: a desk officer's id, as a number or a string of digits.
    static func officer(_ value: JSONValue?, errors: inout [SubmissionService.FieldError]) -> String? {
        switch value {
        case nil, .null?: return nil
        case .number(let number, _)? where number.rounded() == number && number >= 1 && number < 1e15:
            return "\(Int(number))"
        case .string(let text)?: return text
        case let other?:
            errors.append(.init(field: "officer", code: "wrong_type", parameters: ["expected": "integer", "got": other.typeName]))
            return nil
        }
    }

    /// The answer to a response stored or replayed.
    struct Created: ResponseEncodable {
        let id: UUID
        let form: String
        let formVersion: Int
        let status: String
    }

    private func invalid(_ errors: [SubmissionService.FieldError], chain: LanguageChain) -> Problem {
        intake.invalid(errors, title: "Invalid response", chain: chain)
    }

    /// Reads the body field by field, collecting every problem instead of stopping at the first.
    static func read(_ body: [String: JSONValue]) -> (SubmissionService.Submission?, [SubmissionService.FieldError]) {
        var reader = JSONFieldReader(body: body, knownFields: knownFields)
        let id = reader.uuid("id")
        let form = reader.string("form", required: true)
        let language = reader.string("language", required: true)
        let unit = reader.string("unit", required: false)
        let dossierCode = reader.string("dossierCode", required: false)
        let channel = reader.string("channel", required: false) ?? "api"
        var claimedAt: SubmittedAtClaim?
        if let text = reader.string("submittedAt", required: false) {
            claimedAt = SubmittedAtClaim(parsing: text)
            if claimedAt == nil { reader.errors.append(.init(field: "submittedAt", code: "invalid_datetime")) }
        }
        var formVersion: Int?
        switch body["formVersion"] {
        case .number(let value, _)?:
            if value.rounded() == value, value >= 1, value <= Double(Int32.max) {
                formVersion = Int(value)
            } else {
                reader.errors.append(.init(field: "formVersion", code: "unknown_version"))
            }
        case nil, .null?: break
        case let other?:
            reader.errors.append(.init(field: "formVersion", code: "wrong_type",
                                       parameters: ["expected": "integer", "got": other.typeName]))
        }
        var answers: [String: AnswerValue] = [:]
        switch body["answers"] {
        case .object(let object)?:
            for (question, value) in object {
                switch answerValue(value) {
                case .success(let answer?): answers[VietnameseText.nfc(question)] = answer
                case .success(nil): break
                case .failure: reader.errors.append(.init(field: question, code: "wrong_type"))
                }
            }
        case nil, .null?:
            reader.errors.append(.init(field: "answers", code: "required"))
        case let other?:
            reader.errors.append(.init(field: "answers", code: "wrong_type",
                                       parameters: ["expected": "object", "got": other.typeName]))
        }
        let errors = reader.errors
        guard let id, let form, let language else { return (nil, errors) }
        var submission = SubmissionService.Submission(id: id, formID: form, formVersion: formVersion, language: language,
                                                      unitCode: unit, dossierCode: dossierCode, channel: channel,
                                                      answers: answers)
        submission.claimedAt = claimedAt
        return (submission, errors)
    }

    struct WrongType: Error {}

    /// A JSON answer as an ``AnswerValue``; `nil` for `null` (not answered).
    static func answerValue(_ value: JSONValue) -> Result<AnswerValue?, WrongType> {
        switch value {
        case .null: return .success(nil)
        case .bool(let flag): return .success(.bool(flag))
        case .string(let text): return .success(.string(text))
        case .number(let double, let text):
            if double.rounded() == double, abs(double) < 1e15 { return .success(.int(Int(double))) }
            guard let decimal = Decimal(string: text) else { return .failure(WrongType()) }
            return .success(.decimal(decimal))
        case .array(let items):
            var values: [String] = []
            for item in items {
                switch item {
                case .string(let text): values.append(text)
                case .number(let double, let text):
                    values.append(double.rounded() == double && abs(double) < 1e15 ? "\(Int(double))" : text)
                default: return .failure(WrongType())
                }
            }
            return .success(.strings(values))
        case .object: return .failure(WrongType())
        }
    }
}
