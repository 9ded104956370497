import Crypto
import Foundation

/// The signature of a webhook delivery, in the `CivicVoice-Signature` header, as Stripe signs
/// its events: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`.
///
/// Why a timestamp inside the signed text: a receiver that rejects a `t` older than a few minutes
/// cannot be fed a captured delivery again later; the `v1=` tag lets a future scheme be added
/// beside it (several `v1=` entries also carry the signatures under an old and a new secret while
/// one is rotated).
public enum WebhookSignature {
    public static let headerName = "CivicVoice-Signature"
    /// How old a signature a receiver should accept by default.
    public static let defaultTolerance: Int = 300

    /// The header value for `body` sent at `timestamp` under `secret`.
    public static func header(body: some Sequence<UInt8>, secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(hexMAC(body: Array(body), secret: secret, timestamp: timestamp))"
    }

    public enum Failure: Error, Equatable, Sendable {
        case malformed, noMatch, tooOld, inTheFuture
    }

    /// Checks a header as a receiver should: one of its `v1` values matches `body` under `secret`
    /// (compared in constant time), and its `t` is within `tolerance` seconds of `now`.
    /// - Returns: the signed timestamp, or why the delivery must be refused.
    public static func verify(header: String, body: some Sequence<UInt8>, secret: String, now: Int,
                              tolerance: Int = defaultTolerance) -> Result<Int, Failure> {
        var timestamp: Int?
        var signatures: [String] = []
        for field in header.split(separator: ",") {
            let pair = field.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return .failure(.malformed) }
            switch pair[0] {
            case "t": timestamp = Int(pair[1])
            case "v1": signatures.append(pair[1].lowercased())
            default: continue
            }
        }
        guard let timestamp, !signatures.isEmpty else { return .failure(.malformed) }
        let expected = Array(hexMAC(body: Array(body), secret: secret, timestamp: timestamp).utf8)
        let matches = signatures.contains { candidate in
            let bytes = Array(candidate.utf8)
            guard bytes.count == expected.count else { return false }
            return zip(bytes, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
        guard matches else { return .failure(.noMatch) }
        if now - timestamp > tolerance { return .failure(.tooOld) }
        if timestamp - now > tolerance { return .failure(.inTheFuture) }
        return .success(timestamp)
    }

    private static func hexMAC(body: [UInt8], secret: String, timestamp: Int) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        var signed = Array("\(timestamp).".utf8)
        signed += body
        return HMAC<SHA256>.authenticationCode(for: signed, using: key).map { String(format: "%02x", $0) }.joined()
    }
}
