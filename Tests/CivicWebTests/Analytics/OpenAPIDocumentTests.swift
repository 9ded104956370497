import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// The OpenAPI document describes exactly the JSON API the router serves.
@Suite(.timeLimit(.minutes(3)))
struct OpenAPIDocumentTests {
    /// `GET /api/v1/units/{code}/subtree` for the router's `GET /api/v1/units/:code/subtree`.
    static func openAPIPath(_ route: String) -> String {
        route.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    @Test func everyAPIRouteIsInTheDocumentAndNothingElse() async throws {
        try await TestApp.withApp { client, database in
            // setup: the routes the real router holds, as the route-table check reads them
            let configuration = try TestApp.configuration(url: TestDatabase.serverURL)
            let router = try await buildRouter(ServerDependencies(configuration: configuration, database: database,
                                                                  migrations: [], forms: TestApp.forms, migrateOnStart: false))
            var served: Set<String> = []
            for route in router.routes {
                let text = StaffRouter.normalized("\(route.method.rawValue) \(route.path)")
                let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[1].hasPrefix("/api/") else { continue }
                served.insert("\(parts[0].lowercased()) \(Self.openAPIPath(parts[1]))")
            }
            #expect(served.count >= 25, "the router's API routes were found: \(served.sorted())")

            // act: the document as clients get it
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let document = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]

            // validate
            #expect(document["openapi"] as? String == "3.0.3")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method) \(path)") }
            }
            let missing = served.subtracting(documented).sorted()
            let extra = documented.subtracting(served).sorted()
            #expect(missing.isEmpty, "routes missing from the OpenAPI document: \(missing)")
            #expect(extra.isEmpty, "documented routes the router does not serve: \(extra)")
        }
    }

    @Test func everyReferenceResolvesAndEveryPathParameterIsDeclared() throws {
        let text = OpenAPIDocument.text
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
        var references: Set<String> = []
        var index = text.startIndex
        while let range = text.range(of: "\"#/components/schemas/", range: index..<text.endIndex) {
            let rest = text[range.upperBound...]
            references.insert(String(rest.prefix { $0 != "\"" }))
            index = range.upperBound
        }
        #expect(!references.isEmpty)
        #expect(references.subtracting(schemas.keys).isEmpty, "unknown schemas: \(references.subtracting(schemas.keys).sorted())")

        for (path, operations) in document["paths"] as? [String: [String: Any]] ?? [:] {
            let names = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
            for (method, operation) in operations {
                let parameters = (operation as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                let declared = parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                #expect(Set(declared) == Set(names), "\(method) \(path) declares its path parameters")
                #expect((operation as? [String: Any])?["responses"] != nil)
            }
        }
    }
}
