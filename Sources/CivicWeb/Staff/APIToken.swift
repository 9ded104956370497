import CivicCore
import Crypto
import Foundation

/// Bearer tokens for scripts: `cv_` and 32 random bytes in base64url. Only their SHA-256 (hex) is
/// stored, so a copy of the database grants nothing.
enum APIToken {
    static let prefix = "cv_"

    /// A new token: `prefix` (the staff tokens' unless another kind of token asks) and 32 random bytes.
    static func generate(prefix: String = prefix) -> String {
        prefix + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64URLEncoded
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexadecimal
    }

    /// Whether `text` has a token's shape (so `tokens revoke` can tell a token from an id).
    static func looksLikeToken(_ text: String, prefix: String = prefix) -> Bool {
        text.hasPrefix(prefix) && text.count == prefix.count + 43
            && text.dropFirst(prefix.count).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
