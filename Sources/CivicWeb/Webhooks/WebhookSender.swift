import AsyncHTTPClient
import CivicCore
import CivicStore
import Foundation
import Logging
import NIOCore

/// Sends one webhook delivery: builds its body, signs it (``WebhookSignature``) and POSTs it with
/// async-http-client, then says how it went.
///
/// The body: `{"id": event id, "type", "created_at", "delivery_id", "data": {...}}`, plus for a
/// PAKN event that the citizen would be told of an SMS body for a gateway (`sms_text` without
/// marks, `sms_segments`, `sms_encoding`), and `contact` (name, email, phone, address) only for a
/// subscription allowed to receive personal data and an item whose citizen left details with
/// consent that were not erased, read from the vault now.
///
/// Guarantees: nothing of the body, the URL or the secret is logged or returned in a reason;
/// redirects are not followed (a signed body must not be replayed to another host).
struct WebhookSender: Sendable {
    let vault: ContactVault?
    let templates: MessageTemplates
    /// Where citizens reach the service, without a trailing slash, for the SMS's status link.
    let publicBaseURL: String?
    let clock: ServiceClock
    var timeout: TimeAmount = .seconds(15)

    /// A client for deliveries: no redirects, bounded connect and read times. The caller shuts it
    /// down (the worker, when it stops): async-http-client traps on a client dropped while open.
    static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Runs `body` with a delivery client, shut down afterwards whatever happens.
    static func withClient<Result: Sendable>(_ body: (HTTPClient) async throws -> Result) async throws -> Result {
        let client = makeClient()
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func deliver(_ taken: WebhookDeliveries.Taken, with client: HTTPClient, logger: Logger) async -> WebhookDeliveries.Outcome {
        let body: [UInt8]
        do {
            body = try await self.body(for: taken, logger: logger)
        } catch {
            return .retry(status: nil, reason: "contact details unreadable: \(type(of: error))")
        }
        let timestamp = Int(clock.now().timeIntervalSince1970)
        var request = HTTPClientRequest(url: taken.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "CivicVoice-Webhooks/1")
        request.headers.add(name: "CivicVoice-Event", value: taken.eventType.rawValue)
        request.headers.add(name: "CivicVoice-Delivery", value: taken.id.uuidString.lowercased())
        request.headers.add(name: "Idempotency-Key", value: taken.id.uuidString.lowercased())
        request.headers.add(name: "CivicVoice-Attempt", value: "\(taken.attempt)")
        request.headers.add(name: WebhookSignature.headerName,
                            value: WebhookSignature.header(body: body, secret: taken.secret, timestamp: timestamp))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            // Read (and drop) a little of the answer so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            switch status {
            case 200..<300: return .delivered(status: status)
            // The receiver says this endpoint is gone for good.
            case 410: return .failed(status: status, reason: "HTTP \(status)")
            default: return .retry(status: status, reason: "HTTP \(status)")
            }
        } catch is CancellationError {
            return .retry(status: nil, reason: "the server was stopping")
        } catch let error as HTTPClientError {
            return .retry(status: nil, reason: "\(error)")
        } catch {
            // Connection and TLS errors: their descriptions name the host, never the body.
            return .retry(status: nil, reason: "\(type(of: error)): \(error)")
        }
    }

    struct Contact: Encodable {
        let name: String?
        let email: String?
        let phone: String?
        let address: String?
    }

    /// The JSON body, the stored payload inserted as it is (it is already JSON).
    func body(for taken: WebhookDeliveries.Taken, logger: Logger) async throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let created = taken.occurredAt.formatted(.iso8601)
        var text = "{\"id\":\(try json(taken.eventID.uuidString.lowercased()))"
        text += ",\"type\":\(try json(taken.eventType.rawValue))"
        text += ",\"created_at\":\(try json(created))"
        text += ",\"delivery_id\":\(try json(taken.id.uuidString.lowercased()))"
        text += ",\"data\":\(taken.payload)"
        if let sms = smsText(for: taken) {
            text += ",\"sms_text\":\(try json(sms.text)),\"sms_segments\":\(sms.segments)"
            text += ",\"sms_encoding\":\(try json(sms.encoding.rawValue))"
        }
        if taken.allowsPersonalData, let contactID = taken.contactID, let vault,
           let details = try await vault.decrypt(contactID, logger: logger) {
            text += ",\"contact\":\(try json(Contact(name: details.name, email: details.email, phone: details.phone, address: details.address)))"
        }
        text += "}"
        return Array(text.utf8)
    }

    /// The SMS a gateway would send the citizen for this event: the subject of the email they get
    /// for it, in their language, and the status link, without marks (GSM-7: 160 characters a part
    /// rather than 70). Nil for events the citizen is not told of.
    func smsText(for taken: WebhookDeliveries.Taken) -> SMSText? {
        guard taken.eventType.isAboutFeedback,
              let data = try? JSONSerialization.jsonObject(with: Data(taken.payload.utf8)) as? [String: Any],
              let code = data["tracking_code"] as? String else { return nil }
        let state = data["state"] as? String
        let action = data["action"] as? String
        let kind: MessageKind
        switch taken.eventType {
        case .feedbackReceived: kind = .receipt
        case .feedbackPublished: kind = .published
        case .feedbackStateChanged where state == "accepted" && action == "accept": kind = .accepted
        case .feedbackStateChanged where state == "out_of_scope": kind = .outOfScope
        case .feedbackStateChanged where state == "in_progress" && action == "reopen": kind = .reopened
        default: return nil
        }
        let language = taken.language ?? LanguageChain.baseLanguage
        guard let rendered = templates.render(kind, for: LanguageChain(requested: language),
                                              values: ["tracking_code": code]) else { return nil }
        var text = rendered.subject
        if let base = publicBaseURL {
            let encoded = code.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? code
            text += " \(base)/pakn/\(encoded)"
        }
        return SMSText(text, foldingMarks: true)
    }
}
