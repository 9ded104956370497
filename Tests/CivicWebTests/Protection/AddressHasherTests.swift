import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CivicWeb
import CivicCore

/// Which client a request is counted against, directly and behind reverse proxies.
@Suite struct AddressHasherTests {
    let hasher = AddressHasher(key: SymmetricKey(size: .bits256), trustedProxies: ["10.0.0.2", "10.0.0.3"])

    @Test func aPeerThatIsNoTrustedProxyIsTheClientWhateverItForwards() {
        #expect(hasher.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        #expect(hasher.client(peer: nil, forwardedFor: ["198.51.100.1"]) == "unknown")
    }

    @Test func behindTrustedProxiesTheClientIsTheRightMostOtherAddress() {
        // What the client sent itself (left) is not believed; the proxies appended the rest.
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["1.1.1.1, 198.51.100.7"]) == "198.51.100.7")
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["1.1.1.1", "198.51.100.7, 10.0.0.3"]) == "198.51.100.7")
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["2001:DB8::7"]) == "2001:db8::7")
        // Nothing forwarded, or nothing readable right of the proxies: the proxy itself.
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["198.51.100.7, not-an-address"]) == "10.0.0.2")
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["10.0.0.3"]) == "10.0.0.3")
    }

    @Test func hopsWithPortsAndMappedAddressesAreReadNotLumpedWithTheProxy() {
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["198.51.100.7:51234"]) == "198.51.100.7")
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["[2001:db8::7]:443"]) == "2001:db8::7")
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["\"[2001:db8::8]\""]) == "2001:db8::8")
        #expect(hasher.client(peer: "10.0.0.2", forwardedFor: ["::ffff:198.51.100.9"]) == "198.51.100.9")
        // A dual-stack socket shows an IPv4 proxy as mapped: it is still the trusted proxy.
        #expect(hasher.client(peer: "::ffff:10.0.0.2", forwardedFor: ["198.51.100.7"]) == "198.51.100.7")
        // Not an address with a port: the walk stops at the proxy, as for any unreadable hop.
        for bad in ["198.51.100.7:99999", "198.51.100.7:", "2001:db8::7:443x", "[2001:db8::7", "host.example:80"] {
            #expect(hasher.client(peer: "10.0.0.2", forwardedFor: [bad]) == "10.0.0.2", "\(bad)")
        }
    }

    @Test func anIPv6ClientIsCountedByItsSlash64() {
        #expect(IPAddressText.clientNetwork("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64")
        #expect(IPAddressText.clientNetwork("2001:db8:1:2::1") == IPAddressText.clientNetwork("2001:db8:1:2:ffff::9"))
        #expect(IPAddressText.clientNetwork("2001:db8:1:3::1") != IPAddressText.clientNetwork("2001:db8:1:2::1"))
        #expect(IPAddressText.clientNetwork("198.51.100.7") == "198.51.100.7")
        #expect(hasher.network(of: "2001:db8:1:2::5") == hasher.network(of: "2001:db8:1:2:9::5"))
    }

    @Test func open311SubmissionsCountAgainstTheSameLimit() async throws {
        try await TestApp.withApp(environment: ["RATE_LIMIT_PER_MINUTE": "1"]) { client, _ in
            let body = "service_code=regulation&description=" + BrowserSession.encode("Đèn đường hỏng")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/open311/v2/requests.json", method: .post,
                                                        headers: [.contentType: "application/x-www-form-urlencoded"],
                                                        body: ByteBuffer(string: body))
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    #expect(response.headers[.retryAfter] == "60")
                    #expect(String(buffer: response.body).contains(#""code":429"#))
                }
            }
            #expect(statuses == [.created, .tooManyRequests])
        }
    }
}
