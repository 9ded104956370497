import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 13, must fix 1: the public listings (Open311, /pakn/public) show published items only,
/// under a public id and the title staff wrote, never a tracking code (the holder's only secret,
/// which opens their status page and their one rating) nor the citizen's own title.
@Suite(.timeLimit(.minutes(3)))
struct PublicListingTests {
    static func array(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
    }

    static func trackingCode(_ client: some TestClientProtocol, _ item: UUID, token: String) async throws -> String {
        let detail = try await StaffFeedbackAPITests.get(client, "/api/v1/staff/feedback/\(item.uuidString.lowercased())",
                                                         token: token)
        let stored = FeedbackFixtures.json(detail)["item"] as? [String: Any]
        return try #require(stored?["trackingCode"] as? String)
    }

    @Test func theListingsShowPublishedItemsOnlyUnderAPublicIdAndTheStaffTitle() async throws {
        try await TestApp.withApp { client, database in
            // setup: three items; their citizens' titles name people
            let staff = try await StaffFeedbackAPITests.staff(database)
            let office = StaffFeedbackAPITests.office
            let waiting = try await FeedbackFixtures.createItem(client, unit: office, title: "Ông Nguyễn Văn Tám ở xã Bản Vền")
            let complaint = try await FeedbackFixtures.createItem(client, unit: office, title: "Tố cáo cán bộ Lò Thị Mai")
            let handled = try await FeedbackFixtures.createItem(client, unit: office, title: "Bà Hoàng Thị Lan chờ hồ sơ")
            let codes = [try await Self.trackingCode(client, waiting, token: staff.lan),
                         try await Self.trackingCode(client, complaint, token: staff.lan),
                         try await Self.trackingCode(client, handled, token: staff.lan)]
            let complaintStep = try await StaffFeedbackAPITests.transition(
                client, complaint, token: staff.lan,
                ["action": "mark_out_of_scope", "outOfScopeReason": "denunciation", "redirectTo": "Thanh tra tỉnh"])
            #expect(complaintStep.status == .ok)

            // act + validate: nothing is published yet, so nothing is listed
            let early = try await client.execute(uri: "/open311/v2/requests.json", method: .get)
            #expect(early.status == .ok)
            let earlyText = String(buffer: early.body)
            #expect(Self.array(early).isEmpty, "unpublished items listed: \(earlyText.prefix(600))")
            for code in codes { #expect(!earlyText.contains(code), "tracking code \(code) listed") }
            // A list of codes is no oracle: the filter takes public ids only.
            let probe = try await client.execute(uri: "/open311/v2/requests.json?service_request_id=\(codes.joined(separator: ","))",
                                                 method: .get)
            #expect(Self.array(probe).isEmpty, "codes confirmed by the listing: \(String(buffer: probe.body).prefix(300))")

            // the handled item is published with a title staff wrote
            for body: [String: Any] in [
                ["action": "accept"], ["action": "assign", "assigneeUnit": office], ["action": "start"],
                ["action": "resolve", "publicReply": "Hồ sơ đã được trả."],
                ["action": "publish", "publicTitle": "Chậm trả kết quả hồ sơ đất đai"],
            ] {
                let step = try await StaffFeedbackAPITests.transition(client, handled, token: staff.lan, body)
                #expect(step.status == .ok, "\(body["action"] ?? ""): \(String(buffer: step.body))")
            }
            let listing = try await client.execute(uri: "/open311/v2/requests.json", method: .get)
            let listed = Self.array(listing)
            let text = String(buffer: listing.body)
            #expect(listed.count == 1, "only the published item: \(text.prefix(600))")
            #expect(listed.first?["description"] as? String == "Chậm trả kết quả hồ sơ đất đai")
            let publicID = try #require(listed.first?["service_request_id"] as? String)
            #expect(TrackingCode(parsing: publicID) == nil && UUID(uuidString: publicID) != nil, "a public id: \(publicID)")
            for code in codes { #expect(!text.contains(code)) }
            for name in ["Tám", "Mai", "Hoàng Thị Lan"] { #expect(!text.contains(name), "\(name) in the listing") }

            // by public id for anyone; by tracking code for its holder, in any state
            let one = Self.array(try await client.execute(uri: "/open311/v2/requests/\(publicID).json", method: .get))
            #expect(one.first?["description"] as? String == "Chậm trả kết quả hồ sơ đất đai")
            let notYet = try await client.execute(uri: "/open311/v2/requests/\(codes[0]).json", method: .get)
            #expect(notYet.status == .ok)
            #expect(Self.array(notYet).first?["service_request_id"] as? String == codes[0])
            #expect(Self.array(notYet).first?["status"] as? String == "open")

            // the published results page: the public title, no code, no citizen's title
            let page = String(buffer: try await client.execute(uri: "/pakn/public?lang=vi", method: .get).body)
            #expect(page.contains("Chậm trả kết quả hồ sơ đất đai"))
            #expect(page.contains("Hồ sơ đã được trả."))
            for code in codes { #expect(!page.contains(code), "tracking code \(code) on /pakn/public") }
            #expect(!page.contains("Hoàng Thị Lan"))
        }
    }
}
