import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// Open311 GeoReport v2 (JSON) over the PAKN intake, so existing Open311 clients can file and
/// follow items: services are the feedback categories, states map to open/closed with `status_notes`.
///
/// Privacy: the tracking code is the citizen's secret (it opens their status page and their one
/// rating), so the public listing holds published items only, under a public id and the title
/// staff wrote for publication; `GET requests/{tracking code}.json` answers the holder alone. GET
/// never shows the content a citizen wrote (it may name people), nor contact details. POST stores contact details only when the client sends the
/// `attribute[contact_consent]=yes` answer of the service definition: GeoReport has no consent
/// field of its own, and nothing personal is kept without one.
struct Open311Controller: Sendable {
    let service: FeedbackService
    let store: FeedbackStore
    /// The same per-address limit as the other intake endpoints.
    let limit: IntakeLimit
    /// Look-ups by tracking code, limited per client.
    let lookups: TrackingCodeLookups

    static let base = "/open311/v2"
    static let maximumBodySize = 64 * 1024

    func register(on router: Router<AppRequestContext>) {
        router.get("\(Self.base)/discovery.json", use: discovery)
        router.get("\(Self.base)/services.json", use: services)
        router.get("\(Self.base)/services/:code", use: serviceDefinition)
        router.get("\(Self.base)/requests.json", use: requests)
        router.post("\(Self.base)/requests.json", use: create)
        router.get("\(Self.base)/requests/:id", use: request)
    }

    /// GeoReport errors are `[{"code": 404, "description": "…"}]` with the same HTTP status.
    struct GeoReportError: HTTPResponseError {
        let status: HTTPResponse.Status
        let description: String

        func response(from request: Request, context: some RequestContext) throws -> Response {
            let body = try JSONSerialization.data(withJSONObject: [["code": Int(status.code), "description": description]])
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            if status == .tooManyRequests { headers[.retryAfter] = "\(IntakeLimit.retryAfterSeconds)" }
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    private var categories: [ChoiceOption] {
        service.form?.question(id: "category")?.choices ?? []
    }

    private func json(_ value: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `.json` is the only format served; `.xml` is refused clearly.
    private func jsonOnly(_ name: String?) throws -> String {
        guard let name, name.hasSuffix(".json") else {
            throw GeoReportError(status: .notFound, description: "only the JSON format is served: use .json")
        }
        return String(name.dropLast(5))
    }

    @Sendable func discovery(_ request: Request, context: AppRequestContext) async throws -> Response {
        try json([
            "changeset": "2026-11-27T00:00:00Z",
            "contact": "Contact the agency that runs this service.",
            "key_service": "No API key is needed.",
            "endpoints": [[
                "specification": "http://wiki.open311.org/GeoReport_v2", "url": Self.base,
                "changeset": "2026-11-27T00:00:00Z", "type": "production", "formats": ["application/json"],
            ]],
        ])
    }

    @Sendable func services(_ request: Request, context: AppRequestContext) async throws -> Response {
        let chain = LanguageChain(requested: request.uri.queryParameters.get("lang"))
        return try json(categories.map { option in
            [
                "service_code": option.value, "service_name": option.label.resolved(for: chain).text,
                "description": option.label.resolved(for: chain).text, "metadata": true, "type": "realtime",
                "keywords": "pakn, phản ánh, kiến nghị", "group": "PAKN",
            ] as [String: Any]
        })
    }

    @Sendable func serviceDefinition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try jsonOnly(context.parameters.get("code"))
        guard categories.contains(where: { $0.value == code }) else {
            throw GeoReportError(status: .notFound, description: "no service with code \(code)")
        }
        return try json([
            "service_code": code,
            "attributes": [[
                "variable": true, "code": "contact_consent", "datatype": "singlevaluelist", "required": false,
                "datatype_description": "yes: the agency may keep the contact details sent (email, name, phone) to answer",
                "order": 1, "description": "Consent to keep contact details",
                "values": [["key": "yes", "name": "Yes"], ["key": "no", "name": "No"]],
            ] as [String: Any]],
        ])
    }

    /// The public listing: published items only, under their public ids and public titles. A
    /// `service_request_id` filter takes public ids; tracking codes are looked up one at a time
    /// with ``request(_:context:)``, by the citizen who holds one.
    @Sendable func requests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var filter = FeedbackStore.Open311Filter()
        filter.publicIDs = query.get("service_request_id").map {
            $0.split(separator: ",").compactMap { UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) }
        }
        filter.category = query.get("service_code")
        if let status = query.get("status") {
            guard status == "open" || status == "closed" else {
                throw GeoReportError(status: .badRequest, description: "status must be open or closed")
            }
            filter.status = status
        }
        for (name, keyPath) in [("start_date", \FeedbackStore.Open311Filter.from), ("end_date", \.to)] {
            if let text = query.get(name) {
                guard let date = Self.parseDate(text) else {
                    throw GeoReportError(status: .badRequest, description: "\(name) must be a w3c datetime, e.g. 2026-11-27T00:00:00+07:00")
                }
                filter[keyPath: keyPath] = date
            }
        }
        // The spec's default window: the last 90 days, at most 1000 requests.
        if filter.publicIDs == nil, filter.from == nil, filter.to == nil {
            filter.from = service.clock.now().addingTimeInterval(-90 * 24 * 3600)
        }
        let rows = try await store.open311Requests(filter, logger: context.logger)
        return try json(rows.map(representation))
    }

    /// One request: by its tracking code for the citizen who holds it (any state, their own
    /// title), or by its public id once published.
    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try jsonOnly(context.parameters.get("id"))
        let row: FeedbackStore.Open311Request?
        if let code = TrackingCode(parsing: id) {
            switch try await lookups.lookUp(request, context: context, {
                try await store.open311Request(trackingCode: code.description, logger: context.logger)
            }) {
            case .found(let found): row = found
            case .notFound: row = nil
            case .limited: throw GeoReportError(status: .tooManyRequests, description: "too many look-ups: retry in a minute")
            }
        } else if let publicID = UUID(uuidString: id) {
            var filter = FeedbackStore.Open311Filter()
            filter.publicIDs = [publicID]
            row = try await store.open311Requests(filter, logger: context.logger).first
        } else {
            row = nil
        }
        guard let row else { throw GeoReportError(status: .notFound, description: "no request with this id") }
        return try json([representation(row)])
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard limit.admits(request, context: context) else {
            throw GeoReportError(status: .tooManyRequests, description: "too many requests: retry in a minute")
        }
        let fields: URLEncodedFields
        do {
            fields = try await FormBody.read(request, limit: Self.maximumBodySize).fields
        } catch {
            switch error {
            case .tooLarge:
                throw GeoReportError(status: .contentTooLarge,
                                     description: "the request must be at most \(Self.maximumBodySize / 1024) KiB")
            case .unreadable:
                throw GeoReportError(status: .badRequest, description: "send the request as application/x-www-form-urlencoded UTF-8")
            }
        }
        guard let code = fields["service_code"], categories.contains(where: { $0.value == code }) else {
            throw GeoReportError(status: .badRequest, description: "service_code is missing or unknown (see services.json)")
        }
        guard let description = fields["description"].map(VietnameseText.cleanedInput), !description.isEmpty else {
            throw GeoReportError(status: .badRequest, description: "description is required")
        }
        var title = String(description.split(separator: "\n").first ?? "")
        if title.count > 120 { title = String(title.prefix(119)) + "…" }
        var intake = FeedbackService.Intake(
            id: fields["device_id"].flatMap(UUID.init(uuidString:)) ?? UUID(), language: "vi", channel: "open311",
            unitCode: nil, answers: ["category": .string(code), "title": .string(title), "content": .string(description)])
        let name = [fields["first_name"], fields["last_name"]].compactMap { $0 }.joined(separator: " ")
        if fields["attribute[contact_consent]"] == "yes",
           let contact = try? ContactDetails(name: name, phone: fields["phone"], email: fields["email"]) {
            intake.contact = contact
            intake.consent = ContactConsent(answer: ContactConsent.affirmativeAnswer, at: service.clock.now())
        }
        switch try await service.submit(intake, logger: context.logger) {
        case .stored(.created(let tracking)), .stored(.replayed(let tracking)):
            return try json([["service_request_id": tracking,
                              "service_notice": "Follow it at /pakn/\(tracking)"]], status: .created)
        case .stored(.conflict):
            throw GeoReportError(status: .conflict, description: "this device_id was already used for another request")
        case .invalid(let errors):
            throw GeoReportError(status: .badRequest,
                                 description: errors.map { "\($0.field): \($0.code)" }.joined(separator: "; "))
        case .unavailableForm:
            throw GeoReportError(status: .serviceUnavailable, description: "feedback is not open")
        }
    }

    private func representation(_ row: FeedbackStore.Open311Request) -> [String: Any] {
        let serviceName = categories.first { $0.value == row.category }?.label.resolved(for: LanguageChain(requested: "vi")).text
            ?? row.category
        var item: [String: Any] = [
            "service_request_id": row.serviceRequestID,
            "status": Open311Mapping.status(for: row.state),
            "status_notes": Open311Mapping.statusNotes(for: row.state, resolution: row.resolution),
            "service_code": row.category,
            "service_name": serviceName,
            "description": row.description ?? serviceName,
            "requested_datetime": Self.format(row.requestedAt),
            "updated_datetime": Self.format(row.updatedAt),
            "address": NSNull(), "address_id": NSNull(), "zipcode": NSNull(), "lat": NSNull(), "long": NSNull(),
            "media_url": NSNull(),
        ]
        item["agency_responsible"] = row.agencyResponsible ?? NSNull()
        item["service_notice"] = row.publicReply ?? NSNull()
        // Due at the end of the due day, in the service's time zone.
        item["expected_datetime"] = row.dueOn.map { "\($0)T23:59:59+07:00" } ?? NSNull()
        return item
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CalendarDate.vietnamTimeZone
        return formatter.string(from: date)
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}
