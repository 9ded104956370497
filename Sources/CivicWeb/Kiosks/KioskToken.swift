/// A kiosk device's token: `cvk_` and 32 random bytes in base64url, made and hashed as staff API
/// tokens are (``APIToken``). It is the kiosk's only credential, in the path of its pages
/// (`/kiosk/{token}`) and as the bearer token of its resends; only its SHA-256 (hex) is stored.
/// The prefix differs from staff tokens' `cv_`, so that neither is ever taken for the other.
enum KioskToken {
    static let prefix = "cvk_"

    static func generate() -> String {
        APIToken.generate(prefix: prefix)
    }

    static func hash(_ token: String) -> String {
        APIToken.hash(token)
    }

    /// Whether `text` has a kiosk token's shape, before asking the database.
    static func looksLikeToken(_ text: String) -> Bool {
        APIToken.looksLikeToken(text, prefix: prefix)
    }
}
