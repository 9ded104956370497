import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A registered kiosk's pages (issue 16): a tablet on a one-stop desk's counter, opened at
/// `/kiosk/{token}` with the token the console showed once. The token in the path is the
/// credential (``KioskDevices``), so the pages set no cookie at all: the language rides in the
/// link and the form, progress in the form, and CSRF is a signed field (``KioskFormToken``).
/// - `GET /kiosk/{token}`: the start: the desk's dossier rating, touch-first, one question per
///   screen when the form's `kiosk_layout` says so; untouched for `KIOSK_IDLE_SECONDS`, it starts
///   again (a `Refresh` header: no script needed);
/// - `POST /kiosk/{token}`: the next or previous screen, or the rating sent (channel `kiosk`, the
///   desk and the officer picked), then `303` to the thanks;
/// - `GET /kiosk/{token}/thanks`: back to the start after `KIOSK_RESET_SECONDS`.
struct KioskController: Sendable {
    let devices: KioskDevices
    let registry: FormRegistry
    let submissions: SubmissionService
    let units: UnitDirectory
    let renderer: PageRenderer
    let pages: CitizenPages
    let limit: IntakeLimit
    let forms: KioskFormToken
    let clock: ServiceClock
    let resetSeconds: Int
    let idleSeconds: Int

    /// The form a kiosk shows: the desk's dossier rating, as its QR code opens.
    static let formID = DeskController.ratingFormID
    static let maximumBodySize = 64 * 1024

    func register(on router: Router<AppRequestContext>) {
        router.get("/kiosk/:token", use: start)
        router.post("/kiosk/:token", use: submit)
        router.get("/kiosk/:token/thanks", use: thanks)
    }

    /// A kiosk in use, with what its pages need.
    private struct Device {
        let kiosk: KioskStore.Kiosk
        let desk: DeskStore.Desk
        let unitName: String?
        let officers: [DeskStore.Officer]
        let path: String
    }

    // MARK: - Routes

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = registry.current(Self.formID) else { return unknownKiosk(request) }
        guard let device = try await device(request, context: context) else { return unknownKiosk(request) }
        let reader = CitizenLanguage(request: request, offered: Array(definition.languages.keys))
        let submissionID = UUID()
        let flow = flow(definition, answers: [:], device: device)
        return screen(definition, device: device, reader: reader, submissionID: submissionID,
                      screen: .init(step: flow?.first, flow: flow, fields: [:]))
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = registry.current(Self.formID) else { return unknownKiosk(request) }
        guard let device = try await device(request, context: context) else { return unknownKiosk(request) }
        let offered = Array(definition.languages.keys)
        let body: FormBody
        do {
            body = try await FormBody.read(request, limit: Self.maximumBodySize, acceptsFiles: false)
        } catch {
            return pages.message(error == .tooLarge ? .contentTooLarge : .badRequest,
                                 reader: CitizenLanguage(request: request, offered: offered),
                                 heading: error == .tooLarge ? "page.too_large" : "page.bad_request",
                                 link: pages.link(device.path, label: "kiosk.restart", reader: pages.reader(request)),
                                 path: device.path)
        }
        let reader = CitizenLanguage(request: request, offered: offered, explicit: body.fields["lang"])
        let fields = body.fields.values.mapValues { $0.map(VietnameseText.nfc) }
        let submissionID = body.fields["sid"].flatMap(UUID.init(uuidString:)) ?? UUID()
        let step = body.fields["step"].flatMap { $0.isEmpty ? nil : $0 }
        let (answers, readErrors) = definition.answers(fromFormFields: fields)
        let validation = definition.validate(answers: answers, readErrors: readErrors)
        let flow = flow(definition, answers: validation.answers, device: device)
        func again(_ step: String?, status: HTTPResponse.Status, errors: [SubmissionService.FieldError] = [],
                   pageError: ResolvedText? = nil) -> Response {
            screen(definition, device: device, reader: reader, submissionID: submissionID, status: status,
                   screen: .init(step: flow == nil ? nil : step ?? flow?.first, flow: flow, fields: fields,
                                 errors: errors, pageError: pageError))
        }

        guard forms.isValid(body.fields[CSRFProtection.fieldName], kioskID: device.kiosk.id, submissionID: submissionID,
                            now: clock.now()) else {
            // A page left open past the token's life: the same screen again, with a fresh token.
            CivicMetrics.blocked("csrf").increment()
            return again(step, status: .forbidden, pageError: pages.ui.text("page.csrf_expired", for: reader.chain))
        }
        if let flow {
            switch body.fields["go"] {
            case "back"?:
                return again(flow.before(step), status: .ok)
            case "send"? where flow.isLast(step), nil where flow.isLast(step):
                break
            default:
                // The screen's own answer must be right before the next one shows.
                let errors = stepErrors(step ?? flow.first, validation: validation, device: device, fields: fields)
                guard errors.isEmpty else { return again(step, status: .unprocessableContent, errors: errors) }
                if let next = flow.after(step) { return again(next, status: .ok) }
            }
        }
        guard limit.admits(request, context: context) else {
            return pages.message(.tooManyRequests, reader: reader, heading: "page.rate_limited",
                                 headers: [.retryAfter: "\(IntakeLimit.retryAfterSeconds)"], path: device.path)
        }
        let kiosk = device.kiosk, desk = device.desk
        var submission = SubmissionService.Submission(
            id: submissionID, formID: definition.id, formVersion: definition.version, language: reader.language,
            unitCode: nil, dossierCode: nil, channel: "kiosk", answers: answers, readErrors: readErrors,
            desk: SubmissionService.DeskChoice(code: desk.code, officer: fields["officer"]?.first))
        // The kiosk is the recognised caller of channel `kiosk`, for its own desk's unit.
        submission.authorizeClaim = { unitID in KioskAuthority.decision(kiosk: kiosk, desk: desk, unitID: unitID) }
        do {
            switch try await submissions.submit(submission, logger: context.logger) {
            case .stored(.dossierAlreadyRated, _):
                return again(SubmissionService.dossierCodeQuestion, status: .conflict, errors: [
                    SubmissionService.FieldError(field: SubmissionService.dossierCodeQuestion, code: "already_rated"),
                ])
            case .stored:
                // Created, or the same press arriving twice: the first stands, the citizen is thanked.
                return Response(status: .seeOther,
                                headers: [.location: device.path + "/thanks?lang=\(reader.language)"])
            case .invalid(let errors, _):
                // Back to the first screen with a problem, everything answered kept.
                let first = flow?.steps.first { step in errors.contains { $0.field == step || (step == KioskFlow.officerStep && $0.field == "officer") } }
                return again(first ?? step, status: .unprocessableContent, errors: errors)
            case .unknownForm:
                return unknownKiosk(request)
            }
        } catch StoreError.unavailable, StoreError.conflict {
            var response = again(step, status: .serviceUnavailable,
                                 pageError: pages.ui.text("page.unavailable", for: reader.chain))
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    @Sendable func thanks(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = registry.current(Self.formID),
              let device = try await device(request, context: context) else { return unknownKiosk(request) }
        let reader = CitizenLanguage(request: request, offered: Array(definition.languages.keys))
        let page = KioskThanksPage(chain: reader.chain, language: reader.language, ui: pages.ui, kioskPath: device.path,
                                   seconds: resetSeconds)
        return renderer.html(page, template: "kiosk-thanks", headers: [
            HTTPField.Name("Refresh")!: "\(resetSeconds); url=\(device.path)?lang=\(reader.language)",
        ])
    }

    // MARK: - Helpers

    /// The kiosk of the path's token, in use; nil for an unknown or revoked one (the same page for
    /// both: a stranger learns nothing about which tokens existed).
    private func device(_ request: Request, context: AppRequestContext) async throws -> Device? {
        guard let token = context.parameters.get("token"),
              case .active(let kiosk, let desk) = try await devices.resolve(token: token, logger: context.logger)
        else { return nil }
        let officers = try await devices.desks.officers(deskID: desk.id, logger: context.logger).filter { !$0.isRetired }
        let unit = try await units.activeUnits(logger: context.logger).first { $0.id == desk.unitID }
        return Device(kiosk: kiosk, desk: desk, unitName: unit.flatMap { $0.names["vi"] }, officers: officers,
                      path: "/kiosk/\(token)")
    }

    /// The screens, when the form asks for one question per screen; nil for the whole form at once.
    private func flow(_ definition: FormDefinition, answers: [String: AnswerValue], device: Device) -> KioskFlow? {
        guard registry.catalog.kioskLayout(of: definition.id) == .oneQuestionPerScreen else { return nil }
        return KioskFlow(definition: definition, answers: answers, asksOfficer: !device.officers.isEmpty)
    }

    /// The errors of one screen's answer: its question's (`required`, a wrong value), or an officer
    /// who does not serve at the desk.
    private func stepErrors(_ step: String?, validation: AnswerValidation, device: Device,
                            fields: [String: [String]]) -> [SubmissionService.FieldError] {
        if step == KioskFlow.officerStep {
            guard let officer = fields["officer"]?.first, !officer.isEmpty else { return [] }
            let serving = device.officers.contains { "\($0.id)" == officer }
            return serving ? [] : [SubmissionService.FieldError(field: "officer", code: "unknown_option",
                                                                parameters: ["value": officer])]
        }
        guard let step else { return [] }
        return validation.errors(for: step).map(SubmissionService.FieldError.init)
    }

    private func screen(_ definition: FormDefinition, device: Device, reader: CitizenLanguage, submissionID: UUID,
                        status: HTTPResponse.Status = .ok, screen: KioskPage.Screen) -> Response {
        let token = forms.token(kioskID: device.kiosk.id, submissionID: submissionID, now: clock.now())
        let page = KioskPage(definition: definition, screen: screen, chain: reader.chain, ui: pages.ui,
                             kioskPath: device.path, desk: device.desk, unitName: device.unitName,
                             officers: device.officers, csrf: token, submissionID: submissionID.uuidString.lowercased())
        // A screen left untouched starts again for the next citizen, with nothing of this one's kept.
        return renderer.html(page, template: "kiosk", status: status, headers: [
            HTTPField.Name("Refresh")!: "\(idleSeconds); url=\(device.path)?lang=\(reader.language)",
        ])
    }

    private func unknownKiosk(_ request: Request) -> Response {
        let reader = pages.reader(request)
        return pages.message(.notFound, reader: reader, heading: "kiosk.unknown_title", body: "kiosk.unknown_text",
                             path: "/")
    }
}
