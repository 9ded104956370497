import Crypto
import Foundation
import Testing
@testable import CivicCore

/// The `CivicVoice-Signature` header: what a receiver recomputes, and what it must refuse.
@Suite struct WebhookSignatureTests {
    static let secret = "whsec_0123456789abcdef"
    static let body = Array(#"{"id":"e1","type":"feedback.received","data":{"tracking_code":"PAKN.20261203.0001-7KQ2MX"}}"#.utf8)

    @Test func theHeaderIsTheHMACOfTimestampDotBody() {
        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: 1_796_294_400)
        // Recomputed independently, as a receiver in any language would.
        let mac = HMAC<SHA256>.authenticationCode(for: Array("1796294400.".utf8) + Self.body,
                                                  using: SymmetricKey(data: Data(Self.secret.utf8)))
        #expect(header == "t=1796294400,v1=" + mac.map { String(format: "%02x", $0) }.joined())
        #expect(WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: 1_796_294_410) == .success(1_796_294_400))
    }

    @Test func aReceiverRefusesAnAlteredBodyAnotherSecretAnOldOrFutureTimestamp() {
        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: 1_796_294_400)
        var altered = Self.body
        altered[altered.count - 3] = UInt8(ascii: "Y")
        #expect(WebhookSignature.verify(header: header, body: altered, secret: Self.secret, now: 1_796_294_400) == .failure(.noMatch))
        #expect(WebhookSignature.verify(header: header, body: Self.body, secret: "whsec_other", now: 1_796_294_400) == .failure(.noMatch))
        #expect(WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: 1_796_294_400 + 301) == .failure(.tooOld))
        #expect(WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: 1_796_294_400 - 301) == .failure(.inTheFuture))
        // A timestamp changed by hand breaks the signature, so a replay cannot be freshened.
        let freshened = header.replacingOccurrences(of: "t=1796294400", with: "t=1796299999")
        #expect(WebhookSignature.verify(header: freshened, body: Self.body, secret: Self.secret, now: 1_796_299_999) == .failure(.noMatch))
        #expect(WebhookSignature.verify(header: "v1=abc", body: Self.body, secret: Self.secret, now: 0) == .failure(.malformed))
        #expect(WebhookSignature.verify(header: "garbage", body: Self.body, secret: Self.secret, now: 0) == .failure(.malformed))
    }

    @Test func oneOfSeveralSignaturesMayMatch() {
        let good = WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: 100)
        let header = "t=100,v1=" + String(repeating: "0", count: 64) + "," + good.split(separator: ",")[1]
        #expect(WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: 100) == .success(100))
    }

    @Test func subscriptionInputListsEveryProblem() {
        guard case .failure(let errors) = WebhookSubscriptionInput.validate(
            name: " ", url: "ftp://x.example.vn/", events: ["feedback.received", "feedback.deleted"], allowsPersonalData: false)
        else { Issue.record("accepted"); return }
        #expect(errors.errors.map { "\($0.field):\($0.code)" } == ["name:required", "url:invalid_url", "events:unknown_event"])
        guard case .failure(let more) = WebhookSubscriptionInput.validate(
            name: "SMS", url: "https://user:pw@sms.example.vn/hook", events: [], allowsPersonalData: true)
        else { Issue.record("accepted"); return }
        #expect(more.errors.map { "\($0.field):\($0.code)" } == ["url:invalid_url", "events:required"])
        guard case .success(let input) = WebhookSubscriptionInput.validate(
            name: "Nền tảng tích hợp", url: "https://lgsp.laocai.gov.vn/hooks/pakn?k=1",
            events: ["response.stored", "feedback.received", "feedback.received"], allowsPersonalData: false)
        else { Issue.record("refused"); return }
        #expect(input.events == [.feedbackReceived, .responseStored])
        #expect(input.endpoint.url == "https://lgsp.laocai.gov.vn/hooks/pakn?k=1")
    }
}
