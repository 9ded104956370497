import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Open311 GeoReport v2, checked against the field lists of the specification.
@Suite(.timeLimit(.minutes(2)))
struct Open311Tests {
    static let requestFields: Set<String> = [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
        "address", "address_id", "zipcode", "lat", "long", "media_url",
    ]

    func array(_ response: TestResponse) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]] ?? []
    }

    @Test func discoveryAndServicesFollowTheSpec() async throws {
        try await TestApp.withApp { client, _ in
            let discovery = try await client.execute(uri: "/open311/v2/discovery.json", method: .get)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: discovery.body)) as? [String: Any] ?? [:]
            #expect(Set(object.keys).isSuperset(of: ["changeset", "contact", "key_service", "endpoints"]))

            let services = try array(try await client.execute(uri: "/open311/v2/services.json", method: .get))
            #expect(Set(services.compactMap { $0["service_code"] as? String })
                    == ["administrative_procedure", "official_conduct", "regulation", "other"])
            for service in services {
                #expect(Set(service.keys) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"])
            }
            let definition = try await client.execute(uri: "/open311/v2/services/regulation.json", method: .get)
            #expect(definition.status == .ok)
            #expect(String(buffer: definition.body).contains("contact_consent"))
            let missing = try await client.execute(uri: "/open311/v2/services/nope.json", method: .get)
            #expect(missing.status == .notFound)
            #expect(try array(missing).first?["code"] as? Int == 404)
        }
    }

    @Test func postThenFollowARequest() async throws {
        try await TestApp.withApp { client, database in
            let body = "service_code=regulation&description=" + BrowserSession.encode("Biển báo sai\nỞ ngã tư Lào Cai")
                + "&email=a%40example.vn&attribute%5Bcontact_consent%5D=no"
            let created = try await client.execute(uri: "/open311/v2/requests.json", method: .post,
                                                   headers: [.contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let id = try #require(try array(created).first?["service_request_id"] as? String)
            #expect(TrackingCode(parsing: id) != nil)
            let contacts = try await database.query("SELECT count(*) FROM contacts", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            #expect(contacts == [0], "no consent, no contact details kept")

            let one = try array(try await client.execute(uri: "/open311/v2/requests/\(id).json", method: .get))
            #expect(one.count == 1)
            let request = try #require(one.first)
            #expect(Set(request.keys) == Self.requestFields)
            #expect(request["status"] as? String == "open")
            #expect(request["description"] as? String == "Biển báo sai", "the title, not the citizen's full text")

            // The listing holds published items only (PublicListingTests): not this one.
            let open = try array(try await client.execute(uri: "/open311/v2/requests.json?status=open&service_code=regulation", method: .get))
            #expect(open.isEmpty)
            let closed = try array(try await client.execute(uri: "/open311/v2/requests.json?status=closed", method: .get))
            #expect(closed.isEmpty)
            let bad = try await client.execute(uri: "/open311/v2/requests.json?status=maybe", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func badPostsGetGeoReportErrors() async throws {
        try await TestApp.withApp { client, _ in
            for body in ["service_code=nope&description=x", "service_code=regulation", "%zz"] {
                let response = try await client.execute(uri: "/open311/v2/requests.json", method: .post,
                                                        headers: [.contentType: "application/x-www-form-urlencoded"],
                                                        body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(try array(response).first?["description"] is String)
            }
        }
    }
}
