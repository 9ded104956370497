import CivicCore
import Foundation
import Testing

@Suite struct DataKeyTests {
    let secret = String(repeating: "s", count: 32)
    static func key(_ id: String, byte: UInt8) -> String { "\(id):" + Data(repeating: byte, count: 32).base64EncodedString() }

    @Test func firstKeyIsCurrentAndAllAreKept() throws {
        let configuration = try AppConfiguration(environment: [
            "SECRET_KEY": secret, "DATA_KEYS": "\(Self.key("k2", byte: 2)), \(Self.key("k1", byte: 1))",
        ])
        #expect(configuration.dataKeys.map(\.id) == ["k2", "k1"])
        #expect(configuration.dataKeys[0].material == Array(repeating: 2, count: 32))
    }

    @Test func requiredWhenServingOptionalOtherwise() throws {
        do {
            _ = try AppConfiguration(environment: ["SECRET_KEY": secret])
            Issue.record("expected DATA_KEYS to be required")
        } catch {
            #expect(error.problems.map(\.key) == ["DATA_KEYS"])
        }
        #expect(try AppConfiguration(environment: [:], requireSecret: false).dataKeys.isEmpty)
    }

    @Test func everyProblemIsReportedWithoutQuotingKeyMaterial() {
        let short = "k3:" + Data(repeating: 3, count: 16).base64EncodedString()
        let text = [Self.key("k1", byte: 1), Self.key("k1", byte: 9), short, "k4:not base64!", "nocolon", "bad id:AAAA"]
            .joined(separator: ",")
        do {
            _ = try AppConfiguration(environment: ["DATA_KEYS": text], requireSecret: false)
            Issue.record("expected errors")
        } catch {
            let reasons = error.problems.map(\.reason)
            #expect(reasons == [
                "key id k1 is listed twice",
                "key k3 must be 32 bytes, got 16",
                "key k4 is not valid base64",
                "key 5 must be written id:base64key",
                "key 6: the id must be 1-32 letters, digits, '_' or '-'",
            ])
            #expect(!error.description.contains(Data(repeating: 9, count: 32).base64EncodedString()))
        }
    }

    @Test func descriptionNeverShowsTheKey() {
        let key = DataKey(id: "k1", material: Array(repeating: 7, count: 32))
        #expect("\(key)" == "DataKey(k1, 32 bytes redacted)")
    }
}
