import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Paper forms typed in at the one-stop desk, a stack at a time (issue 16), by clerks (the
/// paper-entry permission) for the units their grants reach:
/// - `GET /staff/paper`: the open batches, and a form to open one: survey, unit, the day written on
///   the paper, how many forms the stack holds, and whether a second clerk types it again;
/// - `GET /staff/paper/{batch}`: what has been typed, the differences between the two passes, and
///   the form for the next paper: keyboard only (digits for scale answers, Enter for the next);
/// - `POST …/entries` stores one paper's answers in the batch (not counted yet);
/// - `POST …/count` counts the batch: refused while a place of the stack is not typed or the passes
///   differ; then every form becomes a response (channel `paper`, on the paper's day) under the
///   id the batch keeps for it, so that counting again after a failure stores nothing twice.
/// Everything a clerk changes is audited.
struct PaperEntryController: Sendable {
    let batches: PaperBatchStore
    let submissions: SubmissionService
    let registry: FormRegistry
    let units: UnitStore
    let pages: StaffPageRenderer
    let clock: ServiceClock

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.paperPage, handler: index)
        staff.register(StaffRoutes.paperOpenPage, handler: open)
        staff.register(StaffRoutes.paperBatchPage, handler: show)
        staff.register(StaffRoutes.paperEntryPage, handler: enter)
        staff.register(StaffRoutes.paperCountPage, handler: count)
    }

    static func batchPath(_ id: Int64) -> String { "/staff/paper/\(id)" }

    /// The surveys a paper stack can hold (PAKN is not collected on paper forms here).
    var surveys: [FormDefinition] {
        registry.catalog.formIDs.compactMap(registry.current).filter { $0.kind == .survey }
    }

    // MARK: - The list, and opening a batch

    @Sendable func index(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await renderIndex(request, access: access, logger: context.logger)
    }

    private func renderIndex(_ request: Request, access: StaffAccess, status: HTTPResponse.Status = .ok,
                             typed: PaperIndexPage.Typed = .init(), errors: [String] = [],
                             logger: Logger) async throws -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.paperPage.path)
        let open = try await batches.openBatches(unitIDs: access.scopeUnitIDs, logger: logger)
        let choices = try await StaffScope(units: units, today: clock.today())
            .unitsInScope(identity: access.identity, permission: .enterPaperResponses, logger: logger)
        let model = PaperIndexPage(page: page, batches: open, surveys: surveys, registry: registry, units: choices,
                                   typed: typed, errors: errors, today: clock.today(),
                                   csrf: page.token(StaffRoutes.paperOpenPage.path))
        return pages.render(model, template: "staff-paper", page: page, status: status)
    }

    @Sendable func open(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.paperPage.path)
        let text = pages.page(request, access: access).text
        let typed = PaperIndexPage.Typed(form: fields.text("form") ?? "", unit: fields.text("unit") ?? "",
                                         paperDate: fields.text("paperDate") ?? "", count: fields.text("count") ?? "",
                                         doubleEntry: fields["doubleEntry"] == "on", label: fields.text("label") ?? "")
        var errors: [String] = []
        let definition = surveys.first { $0.id == typed.form }
        if definition == nil { errors.append(text.text("staff.paper.error_form")) }
        let unit = try await units.unit(code: typed.unit, logger: context.logger)
        if let unit, !access.reaches(unitID: unit.id) {
            return pages.forbidden(request)
        }
        if unit == nil { errors.append(text.text("staff.paper.error_unit")) }
        let count = Int(typed.count).flatMap { (1...500).contains($0) ? $0 : nil }
        if count == nil { errors.append(text.text("staff.paper.error_count")) }
        if typed.label.count > 200 { errors.append(text.text("staff.paper.error_label")) }
        let paperDate = CalendarDate(typed.paperDate)
        if let paperDate, let definition {
            let since = try await FormStore(database: batches.database)
                .versionStoredAt(formID: definition.id, version: definition.version, logger: context.logger)
            if let refusal = SubmittedAtClaim.day(paperDate).refusal(now: clock.now(), formVersionSince: since) {
                errors.append(text.format("staff.paper.error_date_\(refusal.rawValue)", [
                    "days": "\(SubmittedAtClaim.maximumDaysBack)",
                    "since": since.map { CalendarDate.inVietnam(at: $0).description } ?? "",
                ]))
            }
        } else if paperDate == nil {
            errors.append(text.text("staff.paper.error_date"))
        }
        guard errors.isEmpty, let definition, let unit, let count, let paperDate else {
            return try await renderIndex(request, access: access, status: .unprocessableContent, typed: typed, errors: errors,
                                         logger: context.logger)
        }
        let id = try await batches.open(
            .init(formID: definition.id, formVersion: definition.version, unitID: unit.id, paperDate: paperDate,
                  declaredCount: count, doubleEntry: typed.doubleEntry, label: typed.label),
            by: access.actor, logger: context.logger)
        return Response(status: .seeOther, headers: [.location: Self.batchPath(id)])
    }

    // MARK: - One batch

    /// The batch of the path (the gate found it within the caller's reach) and its form version.
    private func resolve(_ access: StaffAccess, logger: Logger) async throws -> (PaperBatchStore.Batch, FormDefinition)? {
        guard let id = access.paperBatchID, let batch = try await batches.batch(id: id, logger: logger),
              let definition = registry.definition(batch.formID, version: batch.formVersion) else { return nil }
        return (batch, definition)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let (batch, definition) = try await resolve(access, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        let query = request.uri.queryParameters
        return try await renderBatch(request, access: access, batch: batch, definition: definition,
                                     pass: query.get("pass").flatMap { Int($0) }, position: query.get("position").flatMap { Int($0) },
                                     notice: query.get("done"), logger: context.logger)
    }

    /// What the clerk typed on a form that was refused, to show it again.
    struct Refused: Sendable {
        let pass: Int
        let position: String
        let fields: [String: [String]]
        let errors: [String]
    }

    private func renderBatch(_ request: Request, access: StaffAccess, status: HTTPResponse.Status = .ok,
                             batch: PaperBatchStore.Batch, definition: FormDefinition, pass: Int?, position: Int?,
                             notice: String?, refused: Refused? = nil, countErrors: [String] = [],
                             logger: Logger) async throws -> Response {
        let path = Self.batchPath(batch.id)
        let page = pages.page(request, access: access, path: path)
        let entries = try await batches.entries(batchID: batch.id, logger: logger)
        let unit = try await units.unit(code: batch.unitCode, logger: logger)
        let model = PaperBatchPage(
            page: page, batch: batch, definition: definition, unitName: unit.map { page.text.unitName($0.names, code: $0.code) },
            entries: entries, userID: access.identity.user.id, requestedPass: refused?.pass ?? pass,
            requestedPosition: position, refused: refused, countErrors: countErrors, notice: notice,
            entryCSRF: page.token(path + "/entries"), countCSRF: page.token(path + "/count"))
        return pages.render(model, template: "staff-paper-batch", page: page, status: status)
    }

    @Sendable func enter(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let (batch, definition) = try await resolve(access, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        let path = Self.batchPath(batch.id)
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: path)
        let text = pages.page(request, access: access).text
        let pass = fields["pass"].flatMap { Int($0) } ?? 1
        let typedPosition = fields.text("position") ?? ""
        var errors: [String] = []
        if batch.isCounted { errors.append(text.text("staff.paper.error_counted")) }
        if pass != 1, !(pass == 2 && batch.doubleEntry) { errors.append(text.text("staff.paper.error_pass")) }
        let position = Int(typedPosition).flatMap { (1...batch.declaredCount).contains($0) ? $0 : nil }
        if position == nil {
            errors.append(text.format("staff.paper.error_position", ["count": "\(batch.declaredCount)"]))
        }
        // The second pass is a second pair of eyes: nobody types both passes of a batch.
        let entries = try await batches.entries(batchID: batch.id, logger: context.logger)
        if entries.contains(where: { $0.pass != pass && $0.enteredByID == access.identity.user.id }) {
            errors.append(text.text("staff.paper.error_same_clerk"))
        }
        let validation = definition.validate(formFields: fields.values)
        errors += validation.errors.map { error in
            let label = definition.questions.first { $0.id == error.questionID }.map { question in
                question.label.resolved(for: text.chain).text
            } ?? error.questionID
            let reason = text.ui.format(SubmissionService.FieldError(error).uiKey, for: text.chain, with: error.parameters).text
            return "\(label): \(reason)"
        }
        guard errors.isEmpty, let position, let json = AnswerValue.sortedJSON(validation.answers) else {
            return try await renderBatch(
                request, access: access, status: .unprocessableContent, batch: batch, definition: definition, pass: pass,
                position: nil, notice: nil,
                refused: Refused(pass: pass, position: typedPosition, fields: fields.values, errors: errors),
                logger: context.logger)
        }
        switch try await batches.enter(batchID: batch.id, pass: pass, position: position, answersJSON: json,
                                       by: access.actor, logger: context.logger) {
        case .stored:
            return Response(status: .seeOther, headers: [.location: path + "?pass=\(pass)&done=entered"])
        case .batchCounted:
            return try await renderBatch(
                request, access: access, status: .conflict, batch: batch, definition: definition, pass: pass,
                position: nil, notice: nil,
                refused: Refused(pass: pass, position: typedPosition, fields: fields.values,
                                 errors: [text.text("staff.paper.error_counted")]),
                logger: context.logger)
        }
    }

    @Sendable func count(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let (batch, definition) = try await resolve(access, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        let path = Self.batchPath(batch.id)
        _ = try await StaffForm.read(request, access: access, pages: pages, back: path)
        let text = pages.page(request, access: access).text
        if batch.isCounted {
            return Response(status: .seeOther, headers: [.location: path + "?done=counted"])
        }
        let entries = try await batches.entries(batchID: batch.id, logger: context.logger)
        let check = PaperBatchPage.check(batch, definition: definition, entries: entries)
        var errors: [String] = []
        for (pass, places) in check.missing.sorted(by: { $0.key < $1.key }) where !places.isEmpty {
            errors.append(text.format("staff.paper.count_missing", [
                "pass": "\(pass)", "typed": "\(check.typed[pass] ?? 0)", "count": "\(batch.declaredCount)",
                "places": places.prefix(20).map(String.init).joined(separator: ", "),
            ]))
        }
        if !check.differences.isEmpty {
            errors.append(text.format("staff.paper.count_differences", ["count": "\(check.differences.count)"]))
        }
        guard errors.isEmpty else {
            return try await renderBatch(request, access: access, status: .unprocessableContent, batch: batch,
                                         definition: definition, pass: nil, position: nil, notice: nil,
                                         countErrors: errors, logger: context.logger)
        }
        // Each form of the first pass becomes a response, through the one intake path, as a clerk
        // entering a paper form: the gate has checked that the batch's unit is in their reach.
        let actor = access.actor
        for entry in entries where entry.pass == 1 {
            let answers = try JSONDecoder().decode([String: AnswerValue].self, from: Data(entry.answersJSON.utf8))
            let submission = SubmissionService.Submission(
                id: entry.responseID, formID: batch.formID, formVersion: batch.formVersion,
                language: LanguageChain.baseLanguage, unitCode: batch.unitCode, dossierCode: nil, channel: "paper",
                answers: answers, claimedAt: .day(batch.paperDate), authorizeClaim: { _ in .allowed(actor: actor) })
            let outcome = try await submissions.submit(submission, logger: context.logger)
            let refusal: String? = switch outcome {
            case .stored(.created, _), .stored(.replayed, _): nil
            case .stored(.dossierAlreadyRated, _): text.text("staff.paper.count_already_rated")
            case .stored(.conflict, _): text.text("staff.paper.count_conflict")
            case .invalid(let problems, _): problems.map { "\($0.field): \($0.code)" }.joined(separator: "; ")
            case .unknownForm: text.text("staff.paper.error_form")
            }
            if let refusal {
                errors.append(text.format("staff.paper.count_refused", ["place": "\(entry.position)", "reason": refusal]))
            }
        }
        guard errors.isEmpty else {
            return try await renderBatch(request, access: access, status: .unprocessableContent, batch: batch,
                                         definition: definition, pass: nil, position: nil, notice: nil,
                                         countErrors: errors, logger: context.logger)
        }
        _ = try await batches.markCounted(batchID: batch.id, responses: batch.declaredCount, by: actor, logger: context.logger)
        return Response(status: .seeOther, headers: [.location: path + "?done=counted"])
    }
}
