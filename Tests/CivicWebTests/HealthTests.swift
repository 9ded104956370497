import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct HealthTests {
    @Test func healthzAnswersWithoutTheDatabase() async throws {
        try await TestApp.withApp { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
            }
        }
    }

    @Test func readyzIsOkOnAMigratedDatabase() async throws {
        try await TestApp.withApp { client, _ in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ready"}"#)
            }
        }
    }

    @Test func readyzIs503WhileMigrationsArePending() async throws {
        try await TestApp.withApp(migrated: false) { client, _ in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = String(buffer: response.body)
                #expect(body.contains("pending migrations: 0001_init"))
            }
        }
    }

    @Test func serveMigratesBeforeAcceptingRequests() async throws {
        try await TestApp.withApp(migrated: false, migrateOnStart: true) { client, _ in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func readyzFollowsTheDatabaseAwayAndBackWithoutRestart() async throws {
        try await TestApp.withApp { client, database in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }

            // act: the database goes away (no new connections; existing ones are killed)
            let name = try await TestApp.takeDatabaseAway(database)
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("database unavailable"))
            }
            // From now on requests wait only the short probe deadline, not the full one, until the
            // database answers again: the outage is answered fast (scripts/faults measures it).
            #expect(database.isKnownUnavailable)
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }

            // act: the database comes back
            try await TestApp.bringDatabaseBack(name)
            var status: HTTPResponse.Status = .serviceUnavailable
            for _ in 0..<50 where status != .ok {
                status = try await client.execute(uri: "/readyz", method: .get) { $0.status }
                if status != .ok { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(status == .ok)
            #expect(!database.isKnownUnavailable)
        }
    }

    @Test func unknownAPIRoutesGetProblemJSON() async throws {
        try await TestApp.withApp { client, _ in
            try await client.execute(uri: "/api/v1/no/such/thing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = String(buffer: response.body)
                #expect(body.contains(#""status":404"#))
            }
        }
    }

    @Test func metricsExposeRequestCountsAndLatencies() async throws {
        try await TestApp.withApp { client, _ in
            _ = try await client.execute(uri: "/healthz", method: .get) { $0.status }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("hb_requests"))
                #expect(text.contains("http_server_request_duration"))
                #expect(text.contains(#"http_route="/healthz""#))
            }
        }
    }
}
