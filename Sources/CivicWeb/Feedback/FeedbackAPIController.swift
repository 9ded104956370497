import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/v1/feedback` and `GET /api/v1/feedback/{code}`: PAKN for apps, kiosks and portals.
/// Idempotent by the client-made `id`, as responses are; the answer carries the tracking code.
struct FeedbackAPIController: Sendable {
    let service: FeedbackService
    let store: FeedbackStore
    let intake: APIIntake

    /// Three attachments of 2 MB, base64-encoded, and the text around them.
    static let maximumBodySize = 9 * 1024 * 1024
    static let knownFields: Set<String> = ["id", "language", "unit", "category", "title", "content", "procedureName",
                                           "attachments", "contact", "contactConsent"]

    /// Status look-ups by tracking code, limited per client.
    let lookups: TrackingCodeLookups

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/v1/feedback", use: create)
        router.get("/api/v1/feedback/:code", use: show)
    }

    struct Created: ResponseEncodable {
        let id: UUID
        let trackingCode: String
        let status: String
        let statusURL: String
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Created> {
        let body = try await intake.body(request, context: context, limit: Self.maximumBodySize)
        let chain = intake.chain(request)
        let (read, errors) = Self.read(body, now: service.clock.now())
        guard var item = read else { throw problem(errors, chain: chain) }
        item.envelopeErrors = errors
        switch try await service.submit(item, logger: context.logger) {
        case .stored(.created(let code)):
            return EditedResponse(status: .created, response: Created(id: item.id, trackingCode: code, status: "created",
                                                                      statusURL: "/pakn/\(code)"))
        case .stored(.replayed(let code)):
            return EditedResponse(status: .ok, response: Created(id: item.id, trackingCode: code, status: "replayed",
                                                                 statusURL: "/pakn/\(code)"))
        case .stored(.conflict):
            throw Problem(status: .conflict, title: "Conflict",
                          detail: "A feedback item with id \(item.id.uuidString.lowercased()) was already stored with different content.")
        case .invalid(let errors):
            throw problem(errors, chain: chain)
        case .unavailableForm:
            throw Problem(status: .serviceUnavailable, title: "Feedback is not open",
                          detail: "This service has no feedback form configured.")
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> FeedbackPublicStatus {
        let unknown = Problem(status: .notFound, title: "Unknown tracking code", detail: "No feedback item has this tracking code.")
        guard let code = context.parameters.get("code").flatMap(TrackingCode.init(parsing:))?.description else { throw unknown }
        switch try await lookups.lookUp(request, context: context, {
            try await store.publicStatus(trackingCode: code, logger: context.logger)
        }) {
        case .found(let status): return status
        case .notFound: throw unknown
        case .limited:
            throw Problem(status: .tooManyRequests, title: "Too many look-ups",
                          detail: "Too many look-ups by tracking code from this client; retry after the time given in Retry-After.",
                          headers: [.retryAfter: "60"])
        }
    }

    private func problem(_ errors: [SubmissionService.FieldError], chain: LanguageChain) -> Problem {
        intake.invalid(errors, title: "Invalid feedback", chain: chain)
    }

    /// Reads the body field by field, collecting every problem; a consent given is recorded at `now`.
    static func read(_ body: [String: JSONValue], now: Date) -> (FeedbackService.Intake?, [SubmissionService.FieldError]) {
        var reader = JSONFieldReader(body: body, knownFields: knownFields)
        let id = reader.uuid("id")
        let language = reader.string("language", required: false) ?? "vi"
        let unit = reader.string("unit", required: false)
        var answers: [String: AnswerValue] = [:]
        for (field, question) in [("category", "category"), ("title", "title"), ("content", "content"),
                                  ("procedureName", "procedure_name")] {
            if let value = reader.string(field, required: false) { answers[question] = .string(value) }
        }
        var files: [(name: String, bytes: [UInt8])] = []
        switch body["attachments"] {
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                guard case .object(let object) = item, case .string(let name)? = object["fileName"],
                      case .string(let encoded)? = object["contentBase64"],
                      let data = Data(base64Encoded: encoded) else {
                    reader.errors.append(.init(field: "attachments[\(index)]", code: "wrong_type",
                                               parameters: ["expected": "{fileName, contentBase64}"]))
                    continue
                }
                files.append((name: name, bytes: Array(data)))
            }
        case nil, .null?: break
        case let other?:
            reader.errors.append(.init(field: "attachments", code: "wrong_type",
                                       parameters: ["expected": "array", "got": other.typeName]))
        }
        var contact: ContactDetails?
        switch body["contact"] {
        case .object(let object)?:
            var fields: [String: String] = [:]
            for key in ["name", "phone", "email", "address"] {
                if case .string(let value)? = object[key] { fields[key] = value }
            }
            for key in object.keys.sorted() where !["name", "phone", "email", "address"].contains(key) {
                reader.errors.append(.init(field: "contact.\(key)", code: "unknown_field"))
            }
            do {
                contact = try ContactDetails(name: fields["name"], phone: fields["phone"],
                                             email: fields["email"], address: fields["address"])
            } catch {
                reader.errors += error.problems.map { .init(field: "contact.\($0.field)", code: $0.code) }
            }
        case nil, .null?: break
        case let other?:
            reader.errors.append(.init(field: "contact", code: "wrong_type", parameters: ["expected": "object", "got": other.typeName]))
        }
        var consent: ContactConsent?
        switch body["contactConsent"] {
        case .bool(true)?: consent = ContactConsent(answer: ContactConsent.affirmativeAnswer, at: now)
        case .bool(false)?, nil, .null?: consent = nil
        case let other?:
            reader.errors.append(.init(field: "contactConsent", code: "wrong_type",
                                       parameters: ["expected": "boolean", "got": other.typeName]))
        }
        let errors = reader.errors
        guard let id else { return (nil, errors) }
        return (FeedbackService.Intake(id: id, language: language, channel: "api", unitCode: unit, answers: answers,
                                       files: files, contact: contact, consent: consent), errors)
    }
}

extension FeedbackPublicStatus: ResponseEncodable {}
