import Crypto
import Foundation
import NIOCore

/// Turns a client address into a keyed hash, so rate limits and login throttles can tell clients
/// apart without the raw address ever being kept (DOMAIN.md: IP addresses never stored raw).
struct AddressHasher: Sendable {
    let key: SymmetricKey

    func hash(_ address: SocketAddress?) -> String {
        let text = address?.ipAddress ?? "unknown"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)
        return Data(mac.prefix(12)).base64URLEncoded
    }
}
