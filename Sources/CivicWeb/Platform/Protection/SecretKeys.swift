import Crypto
import Foundation

/// Keys derived from SECRET_KEY, one per purpose, so that a token made for one use is worthless
/// for another (HKDF with a distinct label each).
struct SecretKeys: Sendable {
    let csrf: SymmetricKey
    let addressHash: SymmetricKey
    let session: SymmetricKey
    /// Signs the kiosk pages' cookie-less form tokens (``KioskFormToken``).
    let kioskForm: SymmetricKey

    init(secret: String) {
        let master = SymmetricKey(data: Data(secret.utf8))
        func derive(_ label: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Data("civicvoice".utf8),
                                   info: Data(label.utf8), outputByteCount: 32)
        }
        self.csrf = derive("csrf-v1")
        self.addressHash = derive("address-hash-v1")
        self.session = derive("session-v1")
        self.kioskForm = derive("kiosk-form-v1")
    }
}

extension Data {
    /// base64url without padding, safe in cookies, URLs and form fields.
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
