import CivicCore
import CivicStore
import Foundation
import Logging

/// Turns one outbox message into an email and hands it to the SMTP server: the address comes
/// from the contact vault at this moment (so an erasure, or a staff account's new address, since
/// the message was queued is respected), the text from `Forms/messages/` in the item's language
/// chain (Vietnamese for staff).
///
/// Guarantees: the address and the text are never logged nor returned in a reason.
struct MessageSender: Sendable {
    let smtp: SMTPClient
    let from: MailAddress
    let vault: ContactVault
    let templates: MessageTemplates
    /// Where citizens reach the service, without a trailing slash: the links' base.
    let publicBaseURL: String
    /// Signs the rating link of a `published` message, made now from the round and the instant of
    /// publication the message recorded (so it expires counting from publication, however long the
    /// message waited).
    let links: RatingLinks
    let clock: ServiceClock

    func deliver(_ message: Outbox.Message, logger: Logger) async -> Outbox.Delivery {
        let address: String
        guard let contactID = message.contactID else {
            return .failed(reason: "no address: the staff account has no email or is disabled")
        }
        do {
            guard let details = try await vault.decrypt(contactID, logger: logger), let email = details.email else {
                return .failed(reason: message.recipientUserID == nil ? "no address: the contact details were erased"
                                   : "no address: the staff account's email was removed")
            }
            address = email
        } catch {
            // A key missing from DATA_KEYS or an altered row: the operator must act; try again later.
            return .retry(reason: "contact details unreadable: \(type(of: error))")
        }
        let chain = LanguageChain(requested: message.language)
        guard let rendered = templates.render(message.kind, for: chain, values: values(for: message)) else {
            return .failed(reason: "no template for \(message.kind.rawValue)")
        }
        let mail = MailMessage(from: from, to: address, subject: rendered.subject, body: rendered.body,
                               messageID: "\(message.id.uuidString.lowercased())@\(from.domain)", date: clock.now(),
                               language: rendered.language)
        do {
            try await smtp.send(mail, from: from.address)
            return .sent
        } catch let error as SMTPError {
            return error.isPermanent ? .failed(reason: error.description) : .retry(reason: error.description)
        } catch is CancellationError {
            return .retry(reason: "the server was stopping")
        } catch {
            // Connection and TLS errors: NIO's descriptions name the host, never the recipient.
            return .retry(reason: String(describing: error))
        }
    }

    /// The placeholders' values: the item's code and links, and what the change recorded.
    func values(for message: Outbox.Message) -> [String: String] {
        if message.kind.audience == .staff { return staffValues(for: message) }
        let code = message.trackingCode
        let encoded = code.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? code
        let statusLink = "\(publicBaseURL)/pakn/\(encoded)?lang=\(message.language)"
        var values = ["tracking_code": code, "status_link": statusLink]
        switch message.kind {
        case .receipt:
            break
        case .accepted:
            values["due_date"] = message.parameters["due_on"].flatMap(CalendarDate.init)?.dayMonthYear ?? ""
        case .outOfScope:
            // Complaints and denunciations name the body to go to; the other reasons may not, and
            // then the status page says why.
            values["redirect_to"] = message.parameters["redirect_to"] ?? statusLink
        case .published:
            values["public_reply"] = message.parameters["public_reply"] ?? ""
            values["rating_days"] = "\(links.days)"
            let published = message.parameters["published_at"].flatMap { try? Date($0, strategy: .iso8601) }
            let round = message.parameters["rating_round"].flatMap(Int.init)
            // A message queued before rating links existed has neither: the status page rates too.
            if let published, let round, let itemID = message.itemID,
               let path = links.path(itemID: itemID, round: round, publishedAt: published) {
                values["rating_link"] = "\(publicBaseURL)\(path)?lang=\(message.language)"
            } else {
                values["rating_link"] = statusLink + "#rating"
            }
        case .reopened:
            break
        case .reopenDeclined:
            values["closing_reason"] = message.parameters["closing_reason"] ?? ""
        case .reminder, .overdue, .digest:
            break
        }
        return values
    }

    /// A reminder's values: what the scan recorded (``ReminderScanner``), and the links to the
    /// staff pages: the item's, or the unit's list by due date for a digest.
    func staffValues(for message: Outbox.Message) -> [String: String] {
        var values = message.parameters
        values["due_date"] = message.parameters["due_on"].flatMap(CalendarDate.init)?.dayMonthYear
        if message.kind == .digest {
            let unit = message.parameters["unit_code"] ?? ""
            let encoded = unit.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? unit
            values["list_link"] = "\(publicBaseURL)/staff/feedback?unit=\(encoded)&order=due"
        } else {
            values["tracking_code"] = message.trackingCode
            values["item_link"] = message.itemID.map { "\(publicBaseURL)/staff/feedback/\($0.uuidString.lowercased())" }
        }
        return values
    }
}
