import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// What handlers do with PAKN items, shared by the staff API and the staff pages: read the list
/// and an item, apply a workflow action, read the citizen's contact details (audited) and
/// download attachments. Every method assumes the gate already checked the caller's scope for the
/// item (``StaffAccess/itemID``) or hands it the scope to apply (``StaffAccess/feedbackListFilter``).
struct StaffFeedbackService: Sendable {
    let registry: FormRegistry
    let store: FeedbackStore
    let units: UnitStore
    let users: UserStore
    let contacts: ContactVault?
    let files: AttachmentVault?
    let audit: AuditLog
    /// Today in Vietnam: due dates, overdue flags and the units in effect use it.
    let clock: ServiceClock

    var workflow: WorkflowSettings { registry.workflow }

    /// The classification deadlines (from receipt) as of `today`, so that items nobody triaged are
    /// overdue too.
    func classification(today: CalendarDate) -> ClassificationCutoffs {
        workflow.deadlines.classificationCutoffs(today: today, calendar: workflow.calendar)
    }

    /// A page of the staff list as of today, overdue flags and counts included.
    func listPage(_ filter: FeedbackStore.ListFilter, logger: Logger) async throws -> FeedbackStore.ListPage {
        let today = clock.today()
        return try await store.listPage(filter, today: today, classification: classification(today: today), logger: logger)
    }

    /// The pakn form's categories, in the form's order.
    var categories: [ChoiceOption] {
        registry.current(FeedbackService.formID)?.question(id: "category")?.choices ?? []
    }

    // MARK: - Reading

    /// An attachment as staff see it: no bytes.
    struct AttachmentInfo: Codable, Sendable {
        let id: UUID
        let fileName: String
        let mediaType: String
        let size: Int
    }

    /// An item with its history, its attachments and what can be done next.
    struct Detail: Sendable {
        let item: FeedbackItem
        let events: [FeedbackEvent]
        let attachments: [AttachmentInfo]
        let allowedActions: [FeedbackAction]
        /// Whether the citizen left contact details that are not erased.
        let hasContact: Bool
        /// While the item awaits classification: the day it must be classified by.
        let classifyBy: CalendarDate?
        /// The messages about it to the citizen and to staff, oldest first: kind and state, never
        /// address or text.
        let messages: [Outbox.Entry]
    }

    func detail(itemID: UUID, logger: Logger) async throws -> Detail? {
        let today = clock.today()
        guard let item = try await store.item(id: itemID, today: today, classification: classification(today: today),
                                              logger: logger) else { return nil }
        let events = try await store.events(itemID: itemID, logger: logger)
        let attachments = try await store.attachments(itemID: itemID, logger: logger).map {
            AttachmentInfo(id: $0.id, fileName: $0.fileName, mediaType: $0.mediaType, size: $0.size)
        }
        let hasContact = try await !store.contactIDs(ofItem: itemID, logger: logger).isEmpty
        let classifyBy = item.state == .received
            ? CalendarDate(item.receivedOn).map {
                workflow.deadlines.classificationDueDate(receivedOn: $0, category: item.category, calendar: workflow.calendar)
            }
            : nil
        let messages = try await Outbox(database: store.database).entries(itemID: itemID, logger: logger)
        return Detail(item: item, events: events, attachments: attachments,
                      allowedActions: FeedbackWorkflow.allowedActions(from: item.state), hasContact: hasContact,
                      classifyBy: classifyBy, messages: messages)
    }

    // MARK: - Transitions

    /// One field that stops a transition, with an English message (the API's) and a code the pages
    /// translate.
    struct FieldError: Sendable, Hashable {
        let field: String
        /// `required`, `invalid`, `unknown_field`, `wrong_type`, `unknown_action`, `unknown_reason`,
        /// `unknown_unit`, `inactive_unit`, `unit_out_of_scope`, `unknown_login`, `assignee_without_grant`.
        let code: String
        let message: String
    }

    enum TransitionOutcome: Sendable {
        case applied(FeedbackState)
        /// The action does not apply in the item's state (checked again under the row lock, so a
        /// concurrent change is judged against the state it left).
        case illegal(from: FeedbackState, action: FeedbackAction, allowed: [FeedbackAction])
        case invalid([FieldError])
        case notFound
    }

    /// Checks the request against the item's state and the action's fields, resolves the assignee
    /// (a unit in the caller's scope and in effect today; a login holding a handler grant that
    /// reaches it), then applies it with the signed-in user as actor.
    func transition(itemID: UUID, request: TransitionRequest, access: StaffAccess,
                    logger: Logger) async throws -> TransitionOutcome {
        let today = clock.today()
        guard let item = try await store.item(id: itemID, today: today, logger: logger) else { return .notFound }
        // A first check against the state read now gives every field error before any lookup; the
        // store checks again under the row lock, which is what counts.
        let change: ValidatedTransition
        switch FeedbackWorkflow.validate(request, from: item.state) {
        case .success(let validated): change = validated
        case .failure(let error): return Self.outcome(error)
        }
        var assigneeUnitID: Int64?
        var assigneeUserID: Int64?
        if let code = change.assigneeUnit {
            switch try await assignee(unitCode: code, login: change.assigneeLogin, access: access, today: today,
                                      logger: logger) {
            case .resolved(let unitID, let userID): (assigneeUnitID, assigneeUserID) = (unitID, userID)
            case .refused(let error): return .invalid([error])
            }
        }
        let actor = FeedbackStore.Actor(userID: access.identity.user.id, login: access.identity.user.login)
        let outcome = try await store.transition(
            itemID: itemID, request: request, actor: actor, today: today, calendar: workflow.calendar,
            deadlines: workflow.deadlines, assigneeUnitID: assigneeUnitID, assigneeUserID: assigneeUserID, logger: logger)
        switch outcome {
        case .applied(let state):
            CivicMetrics.feedbackTransitions(change.action.rawValue).increment()
            logger.info("feedback transition", metadata: ["feedback.id": "\(itemID)", "action": "\(change.action.rawValue)",
                                                          "to": "\(state.rawValue)"])
            if change.action == .accept {
                warnIfUncovered(acceptedOn: today, item: item, logger: logger)
            }
            return .applied(state)
        case .refused(let error):
            return Self.outcome(error)
        case .notFound:
            return .notFound
        }
    }

    /// A due date in a year the holiday file does not list was counted with weekends only: say so,
    /// so that the year's holidays are added before items come due.
    private func warnIfUncovered(acceptedOn today: CalendarDate, item: FeedbackItem, logger: Logger) {
        let due = workflow.deadlines.dueDate(receivedOn: CalendarDate(item.receivedOn) ?? today, acceptedOn: today,
                                             category: item.category, unitCode: item.unitCode, calendar: workflow.calendar)
        if !workflow.holidays.years.contains(due.year) {
            logger.warning("due date in a year without holidays in holidays.yaml: counted with weekends only",
                           metadata: ["feedback.id": "\(item.id)", "year": "\(due.year)"])
        }
    }

    private enum Assignee {
        case resolved(unitID: Int64, userID: Int64?)
        case refused(FieldError)
    }

    private func assignee(unitCode: String, login: String?, access: StaffAccess, today: CalendarDate,
                          logger: Logger) async throws -> Assignee {
        guard let unit = try await units.unit(code: unitCode, logger: logger) else {
            return .refused(FieldError(field: "assigneeUnit", code: "unknown_unit",
                                       message: "there is no unit with code \(unitCode)"))
        }
        if unit.effectiveFrom > today || unit.effectiveTo.map({ $0 <= today }) == true {
            return .refused(FieldError(field: "assigneeUnit", code: "inactive_unit",
                                       message: "unit \(unitCode) is not in effect today"))
        }
        guard access.reaches(unitID: unit.id) else {
            return .refused(FieldError(field: "assigneeUnit", code: "unit_out_of_scope",
                                       message: "unit \(unitCode) is outside your grants"))
        }
        guard let login else { return .resolved(unitID: unit.id, userID: nil) }
        guard let user = try await users.user(login: login, logger: logger), !user.isDisabled else {
            return .refused(FieldError(field: "assigneeLogin", code: "unknown_login",
                                       message: "there is no enabled staff account \(login)"))
        }
        guard try await units.isInScope(unitID: unit.id, userID: user.id, roles: [.handler], today: today, logger: logger) else {
            return .refused(FieldError(
                field: "assigneeLogin", code: "assignee_without_grant",
                message: "\(login) holds no handler grant that reaches unit \(unitCode); assign the unit alone, or have them granted first"))
        }
        return .resolved(unitID: unit.id, userID: user.id)
    }

    private static func outcome(_ error: WorkflowError) -> TransitionOutcome {
        switch error {
        case .illegalTransition(let from, let action, let allowed):
            .illegal(from: from, action: action, allowed: allowed)
        case .missingField(let field):
            .invalid([FieldError(field: field, code: "required", message: error.description)])
        case .invalidField(let field, _):
            .invalid([FieldError(field: field, code: "invalid", message: error.description)])
        case .unfilledBlanks(let field, _):
            .invalid([FieldError(field: field, code: "unfilled_blank", message: error.description)])
        }
    }

    // MARK: - Notes

    /// Adds an internal note (an event of its own, staff only) with the signed-in user as author.
    /// - Returns: the note's problem, or nil once it is recorded; `.notFound` for no such item.
    func addNote(itemID: UUID, note: String, access: StaffAccess, logger: Logger) async throws -> TransitionOutcome? {
        let actor = FeedbackStore.Actor(userID: access.identity.user.id, login: access.identity.user.login)
        do {
            guard try await store.addNote(itemID: itemID, note: note, actor: actor, logger: logger) else { return .notFound }
        } catch let error as WorkflowError {
            return Self.outcome(error)
        }
        logger.info("feedback note", metadata: ["feedback.id": "\(itemID)"])
        return nil
    }

    /// The handlers a unit's items can be given to: enabled accounts whose handler grant reaches it.
    func handlers(coveringUnitCode code: String?, logger: Logger) async throws -> [UserStore.Handler] {
        guard let code, let unit = try await units.unit(code: code, logger: logger) else { return [] }
        return try await users.handlers(coveringUnitID: unit.id, today: clock.today(), logger: logger)
    }

    // MARK: - Contact details

    enum ContactOutcome: Sendable {
        case found(ContactDetails)
        /// None was given, or it was erased.
        case none
        /// Details are stored but this server has no data keys to open them.
        case unavailable
    }

    /// The citizen's contact details, for a handler who must answer them. Every read is written to
    /// the audit log first (`contact.read`, with the contact ids, never the values): a read that
    /// cannot be recorded does not happen.
    func readContact(itemID: UUID, access: StaffAccess, logger: Logger) async throws -> ContactOutcome {
        let ids = try await store.contactIDs(ofItem: itemID, logger: logger)
        guard let newest = ids.last else { return .none }
        guard let contacts else { return .unavailable }
        try await audit.append("contact.read", objectType: "feedback", objectID: itemID.uuidString.lowercased(),
                               details: ["contacts": .strings([newest.uuidString.lowercased()]),
                                         "credential": .string(access.identity.credential == .session ? "session" : "token")],
                               by: access.actor, logger: logger)
        guard let details = try await contacts.decrypt(newest, logger: logger) else { return .none }
        logger.notice("contact details read", metadata: ["feedback.id": "\(itemID)", "contact.id": "\(newest)"])
        return .found(details)
    }

    // MARK: - Attachments

    /// The attachment's bytes as a download: its stored type, `Content-Disposition: attachment`
    /// with the UTF-8 file name, never sniffed or cached. Nil when the item has no such attachment
    /// (or it was erased). Every download is written to the audit log first (`attachment.read`):
    /// a read that cannot be recorded does not happen.
    func download(itemID: UUID, attachmentID: String?, access: StaffAccess, logger: Logger) async throws -> Response? {
        guard let text = attachmentID, let id = UUID(uuidString: text), let files,
              let stored = try await files.read(id: id, itemID: itemID, logger: logger) else { return nil }
        try await audit.append("attachment.read", objectType: "feedback_attachment", objectID: id.uuidString.lowercased(),
                               details: ["item": .string(itemID.uuidString.lowercased()),
                                         "credential": .string(access.identity.credential == .session ? "session" : "token")],
                               by: access.actor, logger: logger)
        let file = (fileName: stored.fileName, mediaType: stored.mediaType, content: try files.open(stored))
        var headers = HTTPFields()
        headers[.contentType] = file.mediaType
        headers[.contentDisposition] = "attachment; filename*=UTF-8''" + Self.percentEncoded(file.fileName)
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.content))
    }

    /// RFC 8187 value characters: letters, digits and `-._~` stay, every other byte is %XX.
    static func percentEncoded(_ name: String) -> String {
        var result = ""
        for byte in Array(name.utf8) {
            if byte.isASCII, let scalar = Unicode.Scalar(UInt32(byte)),
               CharacterSet.alphanumerics.contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

extension UInt8 {
    fileprivate var isASCII: Bool { self < 0x80 }
}
