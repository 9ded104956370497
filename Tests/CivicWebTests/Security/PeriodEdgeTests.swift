import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 13: a period at or past the edge of the supported years is answered, or refused with a
/// 4xx, by every analytics page and API; `/staff/dashboard?period=1901-06` was a 500.
@Suite(.timeLimit(.minutes(3)))
struct PeriodEdgeTests {
    @Test func periodsAtTheEdgesNeverAnswer5xx() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "an", role: .admin)
            let token = try await StaffFixtures.token(database, "an")
            var (browser, _) = try await StaffFixtures.signIn(client, "an")
            var answers: [String] = []
            // The edges of ReportingPeriod.supportedYears (1901…9998), in both conventions (1901-01
            // counted from 15/12/1900 under the cut-off one), and years outside them.
            let cases: [(String, String, String)] = [
                ("dashboard", "1901-06", "calendar"), ("dashboard", "1901-01", "cutoff"), ("dashboard", "1901", "calendar"),
                ("dashboard", "9998-12", "calendar"), ("dashboard", "1900", "calendar"), ("dashboard", "0001", "calendar"),
                ("report", "1901", "cutoff"), ("report", "9999", "calendar"),
                ("metrics", "1901-01", "cutoff"), ("qd766", "9998-12", "cutoff"),
            ]
            for (name, period, convention) in cases {
                let query = "period=\(period)&convention=\(convention)&unit=LC"
                let response: TestResponse = switch name {
                case "dashboard": try await browser.get(client, "/staff/dashboard?\(query)")
                case "report": try await browser.get(client, "/staff/reports/\(period)?convention=\(convention)&unit=LC")
                case "metrics": try await StaffFeedbackAPITests.get(client, "/api/v1/metrics/satisfaction?\(query)", token: token)
                default: try await StaffFeedbackAPITests.get(client, "/api/v1/metrics/qd766?\(query)", token: token)
                }
                answers.append("\(name) \(period) \(convention): \(response.status.code)")
                #expect(response.status.code < 500, "\(name) \(period) \(convention): \(String(buffer: response.body).prefix(300))")
            }
            print(answers.joined(separator: "\n"))
        }
    }
}
