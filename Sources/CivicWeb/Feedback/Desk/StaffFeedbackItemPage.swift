import CivicCore
import CivicStore
import Foundation

/// `GET /staff/feedback/{id}`: one item with its fields, attachments and history, the contact
/// details behind an audited "show" form, and one form per allowed action with the fields that
/// action takes (``FeedbackWorkflow/acceptedFields(for:)``).
struct StaffFeedbackItemPage: Sendable {
    struct Row: Sendable {
        let label: String
        let value: String
    }

    struct Attachment: Sendable {
        let href: String
        let name: String
        let type: String
        let size: String
    }

    struct Event: Sendable {
        let at: String
        let actor: String
        let action: String
        let from: String?
        let to: String
        let note: String?
        let closingReason: String?
    }

    /// One message to the citizen, or a reminder to staff: what for, to whom (a staff login), its
    /// state, and for an unsent one why.
    struct Message: Sendable {
        let kind: String
        let to: String?
        let state: String
        let at: String
        let attempts: String?
        let lastError: String?
    }

    /// An item at the other end of a link, or a likely duplicate with the form that links this
    /// item to it.
    struct Related: Sendable {
        let href: String
        let code: String
        let title: String
        let state: String
        let note: String
        let mainID: String
        /// The link form's token; nil when this item cannot be linked to it.
        let linkCSRF: String?
        let linkLabel: String
    }

    struct Field: Sendable {
        let id: String
        let name: String
        let label: String
        let value: String
        let isTextarea: Bool
        let isSelect: Bool
        let isText: Bool
        let options: [SelectOption]
        let required: Bool
        let error: String?
        let maxLength: Int?
    }

    struct ActionForm: Sendable {
        let action: String
        let label: String
        let href: String
        let csrf: String
        let fields: [Field]
        /// Named apart from ``Field/error``: mustache looks a missing name up in the enclosing
        /// objects, so a field without an error would show the form's.
        let formError: String?
        /// The reply templates for this action's state (a GET form above the action's form fills
        /// the reply with one, without JavaScript).
        let templates: [SelectOption]
        let hasTemplates: Bool
    }

    /// "Take it": assign the item to oneself in a unit one's handler grant reaches.
    struct Take: Sendable {
        let href: String
        let csrf: String
        let unit: String
        let login: String
    }

    struct Contact: Sendable {
        let rows: [Row]
    }

    /// What a failed post brings back to the page.
    struct Posted: Sendable {
        let action: String?
        let values: [String: String]
        let errors: [StaffFeedbackService.FieldError]
    }

    let chrome: StaffChrome
    let t: [String: String]
    let code: String
    let title: String
    let overdue: Bool
    let rows: [Row]
    let content: String
    let attachments: [Attachment]
    let hasAttachments: Bool
    let events: [Event]
    let messages: [Message]
    /// Likely duplicates (pg_trgm), the main item this one is linked to, the items linked to it.
    let duplicates: [Related]
    let hasDuplicates: Bool
    let mainItem: Related?
    let linkedItems: [Related]
    let hasLinkedItems: Bool
    let linkHref: String
    let unlinkHref: String
    let unlinkCSRF: String
    /// Reminders about the item to staff (due soon, overdue); the section shows only when there are some.
    let staffMessages: [Message]
    let hasStaffMessages: Bool
    let hasMessages: Bool
    /// A page-level message: an illegal action, or a form with errors.
    let banner: String?
    let contact: Contact?
    let contactForm: ActionForm?
    let contactMessage: String?
    let forms: [ActionForm]
    let hasForms: Bool
    let take: Take?
    let base: String
    let noteHref: String
    let noteCSRF: String
    let noteError: String?
    /// While the citizen's request to reconsider waits: what the two actions mean.
    let reopenRequested: Bool

    /// - Parameters:
    ///   - assignableUnits: the units in the caller's scope and in effect today (the assign form's choices).
    ///   - csrf: the token for a form's action path.
    ///   - contact: set after the caller asked to see the contact details.
    /// What the desk offers on the item's forms besides its own fields.
    struct Choices: Sendable {
        /// The accounts whose handler grant reaches the item's unit (the assign form's choices).
        var handlers: [UserStore.Handler] = []
        var templates: ReplyTemplates = ReplyTemplates(templates: [])
        /// A template chosen with `?template=`: its action and text, to fill that action's reply.
        var chosen: (action: String, text: String)?
        /// The caller, when their handler grant reaches the item's unit (`unit`): the take form.
        var taker: (login: String, unit: String)?
        var noteError: String?
    }

    init(detail: StaffFeedbackService.Detail, assignableUnits: [UnitStore.Unit], categories: [ChoiceOption],
         text wording: StaffFeedbackText, chrome: StaffChrome, csrf: (String) -> String,
         posted: Posted? = nil, banner: String? = nil, contact: StaffFeedbackService.ContactOutcome? = nil,
         choices: Choices = Choices(), duplicates: StaffFeedbackService.Duplicates = .none) {
        let item = detail.item
        let base = "/staff/feedback/\(item.id.uuidString.lowercased())"
        linkHref = "\(base)/link"
        unlinkHref = "\(base)/unlink"
        unlinkCSRF = csrf("\(base)/unlink")
        // One level of links: an open item that is neither linked nor a main item may be linked.
        let linkable = item.state.isOpen && duplicates.main == nil && duplicates.linked.isEmpty
        let linkToken = csrf("\(base)/link")
        func related(_ id: UUID, code: String, title: String = "", state: FeedbackState, note: String = "",
                     canLink: Bool = false) -> Related {
            Related(href: "/staff/feedback/\(id.uuidString.lowercased())", code: code, title: title, state: wording.state(state),
                    note: note, mainID: id.uuidString.lowercased(), linkCSRF: canLink ? linkToken : nil,
                    linkLabel: wording.format("staff.feedback.link_to", ["code": code]))
        }
        self.duplicates = duplicates.candidates.map { candidate in
            related(candidate.id, code: candidate.trackingCode, title: candidate.title, state: candidate.state,
                    note: wording.format("staff.feedback.duplicate_note", [
                        "received": candidate.receivedOn, "similarity": "\(Int((candidate.similarity * 100).rounded()))",
                    ]),
                    canLink: linkable && candidate.mainItemID == nil)
        }
        hasDuplicates = !self.duplicates.isEmpty
        mainItem = duplicates.main.map { related($0.id, code: $0.trackingCode, state: $0.state) }
        linkedItems = duplicates.linked.map { related($0.id, code: $0.trackingCode, state: $0.state) }
        hasLinkedItems = !linkedItems.isEmpty
        let language = wording.chain.first
        self.chrome = chrome
        t = wording.labels
        code = item.trackingCode
        title = item.title
        overdue = item.overdue
        content = item.content
        let category = categories.first { $0.value == item.category }?.label.resolved(for: wording.chain).text ?? item.category
        var rows = [Row(label: wording.text("pakn.state"), value: wording.state(item.state)),
                    Row(label: wording.text("staff.feedback.category"), value: category),
                    Row(label: wording.text("pakn.received_on"), value: item.receivedOn)]
        func add(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { rows.append(Row(label: wording.text(key), value: value)) }
        }
        add("staff.feedback.procedure", item.procedureName)
        add("staff.feedback.unit", item.unitCode)
        add("staff.feedback.assigned_unit", item.assignedUnitCode)
        add("staff.feedback.assigned_login", item.assignedLogin)
        add("staff.feedback.classify_by", detail.classifyBy.map {
            item.overdue ? "\($0) (\(wording.text("staff.feedback.overdue")))" : $0.description
        })
        add("staff.feedback.accepted_on", item.acceptedOn)
        add("pakn.due_on", item.dueOn.map { item.overdue ? "\($0) (\(wording.text("staff.feedback.overdue")))" : $0 })
        add("pakn.handled_on", item.handledOn)
        add("staff.feedback.out_of_scope_reason",
            item.outOfScopeReason.flatMap(OutOfScopeReason.init(rawValue:)).map(wording.reason))
        add("staff.feedback.redirect_to", item.redirectTo)
        add("staff.feedback.competent_body", item.competentBody)
        add("staff.feedback.public_reply", item.publicReply)
        add("staff.feedback.public_title", item.publicTitle)
        add("staff.feedback.channel", item.channel)
        add("staff.feedback.language", item.language)
        self.rows = rows
        attachments = detail.attachments.map {
            Attachment(href: "\(base)/attachments/\($0.id.uuidString.lowercased())", name: $0.fileName, type: $0.mediaType,
                       size: "\(max(1, ($0.size + 1023) / 1024)) KB")
        }
        hasAttachments = !attachments.isEmpty
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = CalendarDate.vietnamTimeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        events = detail.events.map { event in
            Event(at: formatter.string(from: event.at), actor: event.actor, action: wording.action(event.action),
                  from: event.fromState.flatMap(FeedbackState.init(rawValue:)).map(wording.state),
                  to: FeedbackState(rawValue: event.toState).map(wording.state) ?? event.toState, note: event.note,
                  closingReason: event.closingReason)
        }
        let messages = detail.messages.map { message in
            Message(kind: wording.message(message.kind),
                    to: message.recipientLogin.map { wording.format("staff.feedback.message_to", ["login": $0]) },
                    state: wording.messageState(message.state),
                    at: formatter.string(from: message.sentAt ?? message.createdAt),
                    attempts: message.attempts > 0 && message.state != .sent
                        ? wording.format("staff.feedback.message_attempts", ["count": "\(message.attempts)"]) : nil,
                    lastError: message.state == .sent ? nil : message.lastError)
        }
        self.messages = messages.filter { $0.to == nil }
        hasMessages = !self.messages.isEmpty
        staffMessages = messages.filter { $0.to != nil }
        hasStaffMessages = !staffMessages.isEmpty
        self.banner = banner

        switch contact {
        case .found(let details)?:
            self.contact = Contact(rows: [
                ("pakn.contact_name", details.name), ("pakn.contact_phone", details.phone),
                ("pakn.contact_email", details.email), ("pakn.contact_address", details.address),
            ].compactMap { key, value in value.map { Row(label: wording.text(key), value: $0) } })
            contactForm = nil
            contactMessage = nil
        case .none?:
            self.contact = nil
            contactForm = nil
            contactMessage = wording.text("staff.feedback.contact_none")
        case .unavailable?:
            self.contact = nil
            contactForm = nil
            contactMessage = wording.text("staff.feedback.contact_unavailable")
        case nil:
            self.contact = nil
            contactForm = detail.hasContact
                ? ActionForm(action: "", label: wording.text("staff.feedback.contact_show"), href: "\(base)/contact",
                             csrf: csrf("\(base)/contact"), fields: [], formError: nil, templates: [], hasTemplates: false)
                : nil
            contactMessage = detail.hasContact ? nil : wording.text("staff.feedback.contact_none")
        }

        let transitions = "\(base)/transitions"
        let token = csrf(transitions)
        let replyLanguage = LanguageChain(requested: item.language)
        forms = detail.allowedActions.map { action in
            let mine = posted?.action == action.rawValue ? posted : nil
            let required = FeedbackWorkflow.requiredFields(for: action, reason: nil)
            let replyState = FeedbackWorkflow.target(of: action, from: item.state)
            let templates = replyState.flatMap { ReplyTemplates.replyActions[$0] == action ? $0 : nil }
                .map { choices.templates.templates(category: item.category, state: $0) } ?? []
            let fields = TransitionRequest.Field.allCases.filter(FeedbackWorkflow.acceptedFields(for: action).contains).map { field in
                let name = field.rawValue
                var value = mine?.values[name] ?? ""
                if mine == nil, field == .publicReply, choices.chosen?.action == action.rawValue {
                    value = choices.chosen?.text ?? ""
                }
                if mine == nil, field == .publicTitle { value = item.publicTitle ?? item.title }
                let error = mine?.errors.first { $0.field == name }.map(wording.error)
                var options: [SelectOption] = []
                switch field {
                case .outOfScopeReason:
                    options = OutOfScopeReason.allCases.map {
                        SelectOption(value: $0.rawValue, label: wording.reason($0), selected: $0.rawValue == value)
                    }
                case .assigneeUnit:
                    options = assignableUnits.map { SelectOption(unit: $0, language: language, selected: $0.code == value) }
                case .assigneeLogin:
                    options = choices.handlers.map {
                        SelectOption(value: $0.login, label: "\($0.displayName) (\($0.login)) · \($0.grantUnitCode)",
                                     selected: $0.login == value)
                    }
                default:
                    break
                }
                let isSelect = !options.isEmpty || field == .outOfScopeReason || field == .assigneeUnit
                return Field(id: "f-\(action.rawValue)-\(name)", name: name, label: wording.field(name), value: value,
                             isTextarea: field.isMultiline, isSelect: isSelect, isText: !field.isMultiline && !isSelect,
                             options: options, required: required.contains(field), error: error,
                             maxLength: field.maximumLength)
            }
            // Errors about fields the form does not show (the action itself) go on top of the form.
            let shown = Set(fields.map(\.name))
            let other = mine?.errors.filter { !shown.contains($0.field) }.map(wording.error) ?? []
            let templateOptions = templates.map {
                SelectOption(value: $0.id, label: $0.title.resolved(for: replyLanguage).text,
                             selected: choices.chosen?.action == action.rawValue && $0.text.resolved(for: replyLanguage).text == choices.chosen?.text)
            }
            return ActionForm(action: action.rawValue, label: wording.action(action.rawValue), href: transitions,
                              csrf: token, fields: fields, formError: other.isEmpty ? nil : other.joined(separator: " "),
                              templates: templateOptions, hasTemplates: !templateOptions.isEmpty)
        }
        hasForms = !forms.isEmpty
        self.base = base
        take = detail.allowedActions.contains(.assign) && item.assignedLogin != choices.taker?.login
            ? choices.taker.map { Take(href: transitions, csrf: token, unit: $0.unit, login: $0.login) } : nil
        noteHref = "\(base)/notes"
        noteCSRF = csrf("\(base)/notes")
        noteError = choices.noteError
        reopenRequested = item.state == .reopenRequested
    }
}
