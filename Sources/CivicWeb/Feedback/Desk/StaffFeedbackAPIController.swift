import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// The handlers' API for PAKN items (bearer token), every route behind the gate:
/// `GET /api/v1/staff/feedback` (the list within the caller's scope), `GET …/:id` (the item, its
/// history, attachments and allowed actions), `POST …/:id/transitions` (a workflow action),
/// `GET …/:id/attachments/:attachment` (a download) and `GET …/:id/contact` (the citizen's contact
/// details, audited).
struct StaffFeedbackAPIController: Sendable {
    let service: StaffFeedbackService

    static let maximumBodySize = 64 * 1024

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.feedbackList, handler: list)
        staff.register(StaffRoutes.feedbackItem, handler: show)
        staff.register(StaffRoutes.feedbackTransition, handler: transition)
        staff.register(StaffRoutes.feedbackAttachment, handler: attachment)
        staff.register(StaffRoutes.feedbackContact, handler: contact)
    }

    struct ListResponse: ResponseEncodable {
        let items: [FeedbackItem]
        /// Items matching the filters, within the caller's scope.
        let total: Int
        /// Of those, the ones open and past their due date today.
        let overdueCount: Int
        let limit: Int
        let offset: Int
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> ListResponse {
        let query: StaffFeedbackQuery
        do {
            query = try StaffFeedbackQuery(query: request.uri.query, categories: Set(service.categories.map(\.value)))
        } catch {
            throw Problem(status: .badRequest, title: "Invalid query", detail: error.problems.joined(separator: "; "))
        }
        let page = try await service.listPage(query.filter(within: access.feedbackListFilter, userID: access.identity.user.id),
                                              logger: context.logger)
        return ListResponse(items: page.items, total: page.total, overdueCount: page.overdueCount,
                            limit: query.limit, offset: query.offset)
    }

    struct ItemResponse: ResponseEncodable {
        let item: FeedbackItem
        let events: [FeedbackEvent]
        let attachments: [StaffFeedbackService.AttachmentInfo]
        let allowedActions: [FeedbackAction]
        let hasContact: Bool
        /// The messages to the citizen and the reminders to staff (with the login written to): kind,
        /// state, attempts, last error; never address or text.
        let messages: [Outbox.Entry]
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> ItemResponse {
        guard let id = access.itemID, let detail = try await service.detail(itemID: id, logger: context.logger) else {
            throw Self.unknownItem
        }
        return ItemResponse(item: detail.item, events: detail.events, attachments: detail.attachments,
                            allowedActions: detail.allowedActions, hasContact: detail.hasContact,
                            messages: detail.messages)
    }

    struct TransitionResponse: ResponseEncodable {
        let state: FeedbackState
        let allowedActions: [FeedbackAction]
    }

    /// 200 with the new state; 409 with `allowed` for an action the state does not allow; 422 with
    /// `errors` for a missing or unusable field or assignee.
    @Sendable func transition(_ request: Request, context: AppRequestContext,
                              access: StaffAccess) async throws -> TransitionResponse {
        guard let id = access.itemID else { throw Self.unknownItem }
        let body = try await JSONBody.object(request, limit: Self.maximumBodySize)
        let transition: TransitionRequest
        switch TransitionInput.read(json: body) {
        case .valid(let read): transition = read
        case .invalid(let errors): throw Self.invalid(errors)
        }
        switch try await service.transition(itemID: id, request: transition, access: access, logger: context.logger) {
        case .applied(let state):
            return TransitionResponse(state: state, allowedActions: FeedbackWorkflow.allowedActions(from: state))
        case .illegal(let from, let action, let allowed):
            throw Problem(status: .conflict, title: "Transition not allowed",
                          detail: WorkflowError.illegalTransition(from: from, action: action, allowed: allowed).description,
                          extensions: ["state": .string(from.rawValue), "allowed": .strings(allowed.map(\.rawValue))])
        case .invalid(let errors):
            throw Self.invalid(errors)
        case .notFound:
            throw Self.unknownItem
        }
    }

    @Sendable func attachment(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let id = access.itemID,
              let response = try await service.download(itemID: id, attachmentID: context.parameters.get("attachment"),
                                                        access: access, logger: context.logger) else {
            throw Problem(status: .notFound, title: "Unknown attachment", detail: "This item has no attachment with this id.")
        }
        return response
    }

    /// The fields the citizen gave; absent ones are left out.
    struct ContactResponse: ResponseEncodable {
        let name: String?
        let phone: String?
        let email: String?
        let address: String?
    }

    @Sendable func contact(_ request: Request, context: AppRequestContext,
                           access: StaffAccess) async throws -> EditedResponse<ContactResponse> {
        guard let id = access.itemID else { throw Self.unknownItem }
        switch try await service.readContact(itemID: id, access: access, logger: context.logger) {
        case .found(let details):
            var headers = HTTPFields()
            headers[.cacheControl] = "no-store"
            return EditedResponse(headers: headers, response: ContactResponse(
                name: details.name, phone: details.phone, email: details.email, address: details.address))
        case .none:
            throw Problem(status: .notFound, title: "No contact details",
                          detail: "The citizen left no contact details for this item, or they were erased.")
        case .unavailable:
            throw Problem(status: .serviceUnavailable, title: "Contact details unavailable",
                          detail: "This server has no data keys configured to open contact details.")
        }
    }

    static let unknownItem = Problem(status: .notFound, title: "Unknown feedback item",
                                     detail: "There is no feedback item with this id.")

    static func invalid(_ errors: [StaffFeedbackService.FieldError]) -> Problem {
        Problem(status: .unprocessableContent, title: "Invalid transition",
                detail: errors.map(\.message).joined(separator: "; "),
                extensions: ["errors": .objects(errors.map { ["field": $0.field, "code": $0.code, "message": $0.message] })])
    }
}
