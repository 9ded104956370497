import Crypto
import Foundation

/// The staff session: a stateless cookie `cv_staff` signed with HMAC-SHA256 (SecretKeys.session).
///
/// It carries the user id, the account's session epoch at sign-in and an expiry. Guarantees: a
/// value that was altered, made with another key, or is past its expiry is refused; a value whose
/// epoch no longer matches the account (after logout or disable) is refused by the gate, which
/// reads the epoch on every request. Nothing in it is secret, only unforgeable.
struct SessionCookie: Sendable {
    static let name = "cv_staff"
    /// A working day: staff sign in again the next morning.
    static let lifetime: TimeInterval = 8 * 3600

    let key: SymmetricKey

    struct Claims: Sendable, Hashable {
        let userID: Int64
        let epoch: Int
        let expiresAt: Date
    }

    func value(for claims: Claims) -> String {
        let payload = "v1.\(claims.userID).\(claims.epoch).\(Int64(claims.expiresAt.timeIntervalSince1970))"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return "\(payload).\(Data(mac).base64URLEncoded)"
    }

    /// The claims of a genuine, unexpired cookie; nil for anything else.
    func claims(from value: String, now: Date) -> Claims? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1",
              let userID = Int64(parts[1]), let epoch = Int(parts[2]), let expiry = Int64(parts[3]),
              let mac = Data(base64URLEncoded: String(parts[4]))
        else { return nil }
        let payload = parts[0...3].joined(separator: ".")
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(payload.utf8), using: key) else { return nil }
        let expiresAt = Date(timeIntervalSince1970: TimeInterval(expiry))
        guard expiresAt > now else { return nil }
        return Claims(userID: userID, epoch: epoch, expiresAt: expiresAt)
    }
}

extension Data {
    /// Decodes base64url with or without padding.
    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
