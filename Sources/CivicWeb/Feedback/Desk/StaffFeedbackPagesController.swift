import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The handlers' pages for PAKN items (session cookie), every route behind the gate:
/// `GET /staff/feedback` (the list), `GET /staff/feedback/{id}` (an item), `POST …/transitions`
/// (one workflow action, CSRF-protected), `POST …/contact` (show the contact details, audited,
/// CSRF-protected) and `GET …/attachments/{attachment}` (a download). In Vietnamese or English.
///
/// Every form's CSRF token is bound to the path it posts to.
struct StaffFeedbackPagesController: Sendable {
    let service: StaffFeedbackService
    let pages: StaffPageRenderer
    let csrf: CSRFProtection

    static let maximumBodySize = 64 * 1024

    var ui: UIStrings { service.registry.catalog.ui }

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.feedbackListPage, handler: list)
        staff.register(StaffRoutes.feedbackItemPage, handler: show)
        staff.register(StaffRoutes.feedbackTransitionPage, handler: transition)
        staff.register(StaffRoutes.feedbackContactPage, handler: contact)
        staff.register(StaffRoutes.feedbackNotePage, handler: note)
        staff.register(StaffRoutes.feedbackLinkPage, handler: link)
        staff.register(StaffRoutes.feedbackUnlinkPage, handler: unlink)
        staff.register(StaffRoutes.feedbackAttachmentPage, handler: attachment)
    }

    /// The page answering `request` (the staff layout, its language and cookies) and its wording.
    /// - Parameter path: the page's own path, for a page that answers a post.
    private func page(_ request: Request, access: StaffAccess,
                      path: String? = nil) -> (StaffPageRenderer.Page, StaffFeedbackText) {
        let page = pages.page(request, access: access, path: path)
        return (page, StaffFeedbackText(ui: ui, chain: page.text.chain))
    }

    /// The units the caller may filter by or assign to: those in scope and in effect today.
    private func unitsInScope(_ access: StaffAccess, logger: Logger) async throws -> [UnitStore.Unit] {
        try await service.units.units(on: service.clock.today(), logger: logger)
            .filter { access.reaches(unitID: $0.id) }
    }

    // MARK: - List

    @Sendable func list(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let (page, wording) = page(request, access: access)
        let categories = service.categories
        let units = try await unitsInScope(access, logger: context.logger)
        let pageChrome = page.chrome(wording.text("staff.feedback.list_title"))
        let query: StaffFeedbackQuery
        do {
            query = try StaffFeedbackQuery(query: request.uri.query, categories: Set(categories.map(\.value)))
        } catch {
            let model = StaffFeedbackListPage(page: nil, query: StaffFeedbackQuery(), unitCode: access.unit?.code, units: units,
                                             categories: categories, text: wording, chrome: pageChrome,
                                             error: error.problems.joined(separator: "; "))
            return pages.render(model, template: "staff-feedback-list", page: page, status: .badRequest)
        }
        let result = try await service.listPage(query.filter(within: access.feedbackListFilter, userID: access.identity.user.id),
                                                logger: context.logger)
        let counts = try await service.store.queueCounts(access.feedbackListFilter, assignedTo: access.identity.user.id,
                                                         today: service.clock.today(), logger: context.logger)
        let model = StaffFeedbackListPage(page: result, query: query, unitCode: access.unit?.code, units: units,
                                          categories: categories, text: wording, chrome: pageChrome, counts: counts)
        return pages.render(model, template: "staff-feedback-list", page: page)
    }

    // MARK: - Item

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await item(request, context: context, access: access)
    }

    /// The item page, with what a failed post brings back.
    private func item(_ request: Request, context: AppRequestContext, access: StaffAccess,
                      status: HTTPResponse.Status = .ok, posted: StaffFeedbackItemPage.Posted? = nil,
                      banner: String? = nil, contact: StaffFeedbackService.ContactOutcome? = nil,
                      noteError: String? = nil) async throws -> Response {
        guard let id = access.itemID, let detail = try await service.detail(itemID: id, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        let (page, wording) = page(request, access: access, path: "/staff/feedback/\(id.uuidString.lowercased())")
        let assignable = detail.allowedActions.contains(.assign)
            ? try await unitsInScope(access, logger: context.logger) : []
        let item = detail.item
        var choices = StaffFeedbackItemPage.Choices(templates: service.workflow.replies, noteError: noteError)
        let itemUnit = item.assignedUnitCode ?? item.unitCode
        if detail.allowedActions.contains(.assign) {
            choices.handlers = try await service.handlers(coveringUnitCode: itemUnit, logger: context.logger)
            let me = access.identity.user.login
            if choices.handlers.contains(where: { $0.login == me }), let unit = itemUnit,
               assignable.contains(where: { $0.code == unit }) {
                choices.taker = (me, unit)
            }
        }
        // `?for=<action>&template=<id>`: the template's text, in the item's language, fills that reply.
        let query = request.uri.queryParameters
        if let action = query.get("for"), let id = query.get("template"),
           let template = service.workflow.replies.template(id: id) {
            choices.chosen = (action, template.text.resolved(for: LanguageChain(requested: item.language)).text)
        }
        let duplicates = try await service.duplicates(itemID: id, access: access, logger: context.logger)
        let model = StaffFeedbackItemPage(
            detail: detail, assignableUnits: assignable, categories: service.categories, text: wording,
            chrome: page.chrome("\(detail.item.trackingCode) · \(wording.text("staff.feedback.list_title"))"),
            csrf: { page.token($0) }, posted: posted, banner: banner, contact: contact, choices: choices,
            duplicates: duplicates)
        return pages.render(model, template: "staff-feedback-item", page: page, status: status)
    }

    // MARK: - Posts

    /// A workflow action from the item page's form: 303 back to the item when applied; the item
    /// page again with 409 (and the allowed actions) for an action the state does not allow, or
    /// with 422 and the form as typed for a missing or unusable field.
    @Sendable func transition(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let id = access.itemID else { return pages.notFound(request, access: access) }
        let base = "/staff/feedback/\(id.uuidString.lowercased())"
        let fields: URLEncodedFields
        switch await checkedForm(request, access: access, item: base, action: "\(base)/transitions") {
        case .success(let read): fields = read
        case .failure(let refusal): return refusal.response
        }
        let (_, wording) = page(request, access: access)
        let posted = { (errors: [StaffFeedbackService.FieldError]) in
            StaffFeedbackItemPage.Posted(action: fields["action"], values: fields.values.compactMapValues(\.first),
                                         errors: errors)
        }
        let transition: TransitionRequest
        switch TransitionInput.read(form: fields) {
        case .valid(let read): transition = read
        case .invalid(let errors):
            return try await item(request, context: context, access: access, status: .unprocessableContent,
                                  posted: posted(errors), banner: wording.text("staff.feedback.invalid"))
        }
        switch try await service.transition(itemID: id, request: transition, access: access, logger: context.logger) {
        case .applied:
            var headers = HTTPFields()
            headers[.location] = "\(base)?lang=\(wording.chain.first)"
            return Response(status: .seeOther, headers: headers)
        case .illegal(let from, let action, let allowed):
            let names = allowed.map { wording.action($0.rawValue) }
            let banner = wording.format("staff.feedback.illegal", [
                "action": wording.action(action.rawValue), "state": wording.state(from),
                "allowed": names.isEmpty ? "—" : names.joined(separator: ", "),
            ])
            return try await item(request, context: context, access: access, status: .conflict, banner: banner)
        case .invalid(let errors):
            return try await item(request, context: context, access: access, status: .unprocessableContent,
                                  posted: posted(errors), banner: wording.text("staff.feedback.invalid"))
        case .notFound:
            return pages.notFound(request, access: access)
        }
    }

    /// Shows the citizen's contact details on the item page; each read is audited. A POST, so
    /// that no prefetch or reload reads them unasked.
    @Sendable func contact(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let id = access.itemID else { return pages.notFound(request, access: access) }
        let base = "/staff/feedback/\(id.uuidString.lowercased())"
        if case .failure(let refusal) = await checkedForm(request, access: access, item: base, action: "\(base)/contact") {
            return refusal.response
        }
        let outcome = try await service.readContact(itemID: id, access: access, logger: context.logger)
        return try await item(request, context: context, access: access, contact: outcome)
    }

    /// An internal note from the item page: 303 back to the item; the page again with 422 for an
    /// empty or unusable note.
    @Sendable func note(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let id = access.itemID else { return pages.notFound(request, access: access) }
        let base = "/staff/feedback/\(id.uuidString.lowercased())"
        let fields: URLEncodedFields
        switch await checkedForm(request, access: access, item: base, action: "\(base)/notes") {
        case .success(let read): fields = read
        case .failure(let refusal): return refusal.response
        }
        let (_, wording) = page(request, access: access)
        switch try await service.addNote(itemID: id, note: VietnameseText.nfc(fields["note"] ?? ""), access: access,
                                         logger: context.logger) {
        case nil:
            return Response(status: .seeOther, headers: [.location: "\(base)#history"])
        case .notFound?:
            return pages.notFound(request, access: access)
        case .invalid(let errors)?:
            return try await item(request, context: context, access: access, status: .unprocessableContent,
                                  noteError: errors.map(wording.error).joined(separator: " "))
        case .applied?, .illegal?:
            return try await item(request, context: context, access: access)
        }
    }

    /// Links the item to the main item posted (`main`, its id) as its duplicate: 303 back to the
    /// item; the item page again with 409 and the reason when the link is refused.
    @Sendable func link(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let id = access.itemID else { return pages.notFound(request, access: access) }
        let base = "/staff/feedback/\(id.uuidString.lowercased())"
        let fields: URLEncodedFields
        switch await checkedForm(request, access: access, item: base, action: "\(base)/link") {
        case .success(let read): fields = read
        case .failure(let refusal): return refusal.response
        }
        let (_, wording) = page(request, access: access)
        let refused = { (reason: FeedbackStore.LinkRefusal) in
            try await item(request, context: context, access: access, status: .conflict,
                           banner: wording.text("staff.feedback.link_refused.\(reason.rawValue)"))
        }
        guard let main = fields["main"].flatMap(UUID.init(uuidString:)) else { return try await refused(.notFound) }
        switch try await service.link(itemID: id, mainID: main, access: access, logger: context.logger) {
        case .linked:
            return Response(status: .seeOther, headers: [.location: "\(base)?lang=\(wording.chain.first)#duplicates"])
        case .refused(let reason):
            return try await refused(reason)
        }
    }

    /// Unlinks the item from its main item: 303 back to the item (also when it was not linked).
    @Sendable func unlink(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let id = access.itemID else { return pages.notFound(request, access: access) }
        let base = "/staff/feedback/\(id.uuidString.lowercased())"
        if case .failure(let refusal) = await checkedForm(request, access: access, item: base, action: "\(base)/unlink") {
            return refusal.response
        }
        let (_, wording) = page(request, access: access)
        _ = try await service.unlink(itemID: id, access: access, logger: context.logger)
        return Response(status: .seeOther, headers: [.location: "\(base)?lang=\(wording.chain.first)#duplicates"])
    }

    @Sendable func attachment(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let id = access.itemID,
              let response = try await service.download(itemID: id, attachmentID: context.parameters.get("attachment"),
                                                        access: access, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        return response
    }

    // MARK: - Helpers

    /// A page that answers a post instead of its handler.
    private struct Refusal: Error {
        let response: Response
    }

    /// The posted form's fields, once its CSRF token is checked against `action` (bound to the
    /// session): a 400 page for a body that is not a form, a 403 page for a missing or forged token
    /// (linking back to `item`).
    private func checkedForm(_ request: Request, access: StaffAccess, item: String,
                             action: String) async -> Result<URLEncodedFields, Refusal> {
        guard let fields = try? await FormBody.read(request, limit: Self.maximumBodySize).fields else {
            return .failure(Refusal(response: pages.badForm(request, access: access, back: item)))
        }
        guard csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                           action: access.csrfAction(action)) else {
            return .failure(Refusal(response: pages.csrfRefused(request, access: access, back: item)))
        }
        return .success(fields)
    }
}
