import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A data subject's requests (Luật 91/2025/QH15: answered within 2 working days), for admins:
/// `GET /staff/admin/privacy` (the search form), `POST /staff/admin/privacy/search` (find what is
/// held for an email or a phone: the request is audited with the day it was received and the day
/// the answer is due), `POST /staff/admin/privacy/export` (a JSON download of the contact details,
/// the items they sent and their attachments) and `POST /staff/admin/privacy/erase` (the contact
/// details erased, after a ticked confirmation, and with them the attachments of their items:
/// ``ContactVault/erase(_:request:by:logger:)`` does both in one transaction). The email or phone
/// travels in form bodies only, never in a URL, and is never audited or logged: only contact and
/// attachment ids and counts are.
struct AdminPrivacyController: Sendable {
    let vault: ContactVault?
    /// The sealed attachments, opened for the export (nil, like `vault`, without data keys).
    let files: AttachmentVault?
    let feedback: FeedbackStore
    let pages: StaffPageRenderer
    let calendar: WorkingCalendar
    let clock: ServiceClock

    /// Working days the law gives to answer (NĐ 356/2025/NĐ-CP).
    static let answerWorkingDays = 2

    struct Asked: Sendable {
        let kind: String
        let value: String
        let receivedOn: CalendarDate
    }

    struct Record: Sendable {
        let subject: String
        let consentedOn: String
        let fields: String
    }

    struct Page: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let unavailable: Bool
        let kinds: [SelectOption]
        let value: String
        let receivedOn: String
        let searchCSRF: String
        let errors: [String]
        let hasErrors: Bool
        let searched: Bool
        let records: [Record]
        let hasRecords: Bool
        let dueOn: String?
        let kind: String
        let exportCSRF: String
        let eraseCSRF: String
        let notice: String?
    }

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.privacyPage, handler: show)
        staff.register(StaffRoutes.privacySearchPage, handler: search)
        staff.register(StaffRoutes.privacyExportPage, handler: export)
        staff.register(StaffRoutes.privacyErasePage, handler: erase)
    }

    private func render(_ request: Request, access: StaffAccess, status: HTTPResponse.Status = .ok,
                        asked: Asked? = nil, found: [(ContactVault.Record, ContactDetails?)]? = nil,
                        errors: [String] = [], notice: String? = nil) -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.privacyPage.path)
        let text = page.text
        let records = (found ?? []).map { record, details in
            Record(subject: "\(record.subject.kind) \(record.subject.id.uuidString.lowercased())",
                   consentedOn: StaffAccountPage.day(record.consentedAt),
                   fields: [("name", details?.name), ("phone", details?.phone), ("email", details?.email),
                            ("address", details?.address)]
                       .compactMap { name, value in value.map { _ in text.text("staff.privacy.field_\(name)") } }
                       .joined(separator: ", "))
        }
        let model = Page(
            chrome: page.chrome(page("staff.privacy.title")), t: text.labels("staff.privacy"), unavailable: vault == nil,
            kinds: ["email", "phone"].map { SelectOption(value: $0, label: text.text("staff.privacy.kind_\($0)"),
                                                         selected: $0 == (asked?.kind ?? "email")) },
            value: asked?.value ?? "", receivedOn: (asked?.receivedOn ?? clock.today()).description,
            searchCSRF: page.token(StaffRoutes.privacySearchPage.path), errors: errors, hasErrors: !errors.isEmpty,
            searched: found != nil, records: records, hasRecords: !records.isEmpty,
            dueOn: asked.map { calendar.addingWorkingDays(Self.answerWorkingDays, to: $0.receivedOn).description },
            kind: asked?.kind ?? "email", exportCSRF: page.token(StaffRoutes.privacyExportPage.path),
            eraseCSRF: page.token(StaffRoutes.privacyErasePage.path), notice: notice)
        return pages.render(model, template: "staff-admin-privacy", page: page, status: status)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let text = pages.page(request, access: access).text
        let notice = request.uri.queryParameters.get("erased").flatMap(Int.init).map {
            text.format("staff.privacy.erased", ["count": "\($0)"])
        }
        return render(request, access: access, notice: notice)
    }

    /// The request read from a posted form: its kind, the value and the day it came in.
    /// - Throws: ``StaffForm/Refused`` for an unreadable or forged form, or with the page again
    ///   (422) for a request that is not usable.
    private func read(_ request: Request, access: StaffAccess) async throws(StaffForm.Refused) -> (Asked, URLEncodedFields) {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.privacyPage.path)
        let text = pages.page(request, access: access).text
        var errors: [String] = []
        let kind = fields["kind"] ?? ""
        if !["email", "phone"].contains(kind) { errors.append(text.text("staff.privacy.kind_invalid")) }
        let value = fields.text("value") ?? ""
        let valid = kind == "email" ? ContactDetails.normalizedEmail(value) != nil : ContactDetails.normalizedPhone(value) != nil
        if !valid { errors.append(text.text("staff.privacy.value_invalid_\(kind == "phone" ? "phone" : "email")")) }
        let received = fields.text("receivedOn").flatMap(CalendarDate.init)
        if received == nil || received.map({ $0 > clock.today() }) == true { errors.append(text.text("staff.privacy.received_invalid")) }
        let asked = Asked(kind: kind == "phone" ? "phone" : "email", value: String(value.prefix(200)),
                            receivedOn: received ?? clock.today())
        guard errors.isEmpty else {
            throw StaffForm.Refused(response: render(request, access: access, status: .unprocessableContent, asked: asked,
                                                     errors: errors))
        }
        return (asked, fields)
    }

    private func find(_ asked: Asked, in vault: ContactVault, logger: Logger) async throws -> [ContactVault.Record] {
        asked.kind == "phone" ? try await vault.find(phone: asked.value, logger: logger)
            : try await vault.find(email: asked.value, logger: logger)
    }

    /// The request's facts for the audit log: never the email or phone itself.
    private func auditDetails(_ asked: Asked) -> [String: AuditLog.Value] {
        ["kind": .string(asked.kind), "received_on": .string(asked.receivedOn.description),
         "due_on": .string(calendar.addingWorkingDays(Self.answerWorkingDays, to: asked.receivedOn).description),
         "answered_on": .string(clock.today().description)]
    }

    @Sendable func search(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let vault else { return render(request, access: access, status: .serviceUnavailable) }
        let (asked, _) = try await read(request, access: access)
        let records = try await find(asked, in: vault, logger: context.logger)
        var found: [(ContactVault.Record, ContactDetails?)] = []
        for record in records { found.append((record, try await vault.decrypt(record.id, logger: context.logger))) }
        try await AuditLog(database: vault.database).append(
            "privacy.request", objectType: "contacts", objectID: nil,
            details: auditDetails(asked).merging(["found": .int(records.count),
                                                  "contacts": .strings(records.map { $0.id.uuidString.lowercased() })]) { $1 },
            by: access.actor, logger: context.logger)
        return render(request, access: access, asked: asked, found: found)
    }

    struct Export: Encodable {
        struct Contact: Encodable {
            let id: String
            let subject: String
            let consentedAt: String
            let name: String?
            let phone: String?
            let email: String?
            let address: String?
        }

        struct Attachment: Encodable {
            let fileName: String
            let mediaType: String
            let contentBase64: String
        }

        struct Item: Encodable {
            let trackingCode: String
            let receivedOn: String
            let state: String
            let category: String
            let title: String
            let content: String
            let publicReply: String?
            let attachments: [Attachment]
        }

        let exportedAt: String
        let requestReceivedOn: String
        let contacts: [Contact]
        let items: [Item]
    }

    @Sendable func export(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let vault, let files else { return render(request, access: access, status: .serviceUnavailable) }
        let (asked, _) = try await read(request, access: access)
        let logger = context.logger
        let records = try await find(asked, in: vault, logger: logger)
        let formatter = ISO8601DateFormatter()
        var contacts: [Export.Contact] = []
        var items: [Export.Item] = []
        var opened: [String] = []
        for record in records {
            guard let details = try await vault.decrypt(record.id, logger: logger) else { continue }
            contacts.append(.init(id: record.id.uuidString.lowercased(),
                                  subject: "\(record.subject.kind) \(record.subject.id.uuidString.lowercased())",
                                  consentedAt: formatter.string(from: record.consentedAt), name: details.name,
                                  phone: details.phone, email: details.email, address: details.address))
            guard record.subject.kind == FeedbackStore.contactSubjectKind,
                  let item = try await feedback.item(id: record.subject.id, today: clock.today(), logger: logger) else { continue }
            var attachments: [Export.Attachment] = []
            for info in try await feedback.attachments(itemID: item.id, logger: logger) {
                guard let file = try await files.read(id: info.id, itemID: item.id, logger: logger) else { continue }
                let content = try files.open(file)
                attachments.append(.init(fileName: file.fileName, mediaType: file.mediaType,
                                         contentBase64: Data(content.readableBytesView).base64EncodedString()))
                opened.append(info.id.uuidString.lowercased())
            }
            items.append(.init(trackingCode: item.trackingCode, receivedOn: item.receivedOn, state: item.state.rawValue,
                               category: item.category, title: item.title, content: item.content,
                               publicReply: item.publicReply, attachments: attachments))
        }
        // The attachments handed over are named in the export's audit entry, as a download's are.
        let details = auditDetails(asked).merging(["attachments": .strings(opened)]) { $1 }
        try await vault.recordExport(records.map(\.id), request: details, by: access.actor, logger: logger)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(Export(exportedAt: formatter.string(from: clock.now()),
                                             requestReceivedOn: asked.receivedOn.description, contacts: contacts, items: items))
        return Response(status: .ok, headers: [
            .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
            .contentDisposition: #"attachment; filename="personal-data-\#(clock.today().description).json""#,
        ], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    @Sendable func erase(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let vault else { return render(request, access: access, status: .serviceUnavailable) }
        let (asked, fields) = try await read(request, access: access)
        let records = try await find(asked, in: vault, logger: context.logger)
        guard fields["confirm"] == "yes" else {
            var found: [(ContactVault.Record, ContactDetails?)] = []
            for record in records { found.append((record, try await vault.decrypt(record.id, logger: context.logger))) }
            let text = pages.page(request, access: access).text
            return render(request, access: access, status: .unprocessableContent, asked: asked, found: found,
                          errors: [text.text("staff.privacy.confirm_required")])
        }
        let count = try await vault.erase(records.map(\.id), request: auditDetails(asked), by: access.actor,
                                          logger: context.logger)
        context.logger.notice("personal data erased on request", metadata: ["count": "\(count)"])
        return Response(status: .seeOther, headers: [.location: "\(StaffRoutes.privacyPage.path)?erased=\(count)"])
    }
}
