import CivicCore
import Crypto
import Foundation

/// The signed token of a rating link (`/pakn/rating/{token}`), sent in the `published` message:
/// it names one item and one round of rating (a reopened item is rated again at its next
/// publication) and the instant it stops working. HMAC-SHA256 under a key of `RATING_LINK_KEYS`
/// (the first signs, every one listed verifies, so a key can be replaced without breaking the
/// links already sent).
///
/// Text form: `<key id>.<base64url of item id (16 bytes), round (4), expiry in Unix seconds (8)>.<base64url of the MAC>`.
/// Nothing personal, and not the tracking code: the link works without it.
struct RatingToken: Sendable, Hashable {
    let itemID: UUID
    let round: Int
    /// Whole seconds.
    let expiresAt: Date

    init(itemID: UUID, round: Int, expiresAt: Date) {
        self.itemID = itemID
        self.round = round
        self.expiresAt = Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down))
    }

    /// Why a token does not open the rating.
    enum Refusal: Error, Sendable, Hashable {
        /// Not a token: wrong shape, unknown key, or a signature that does not match.
        case invalid
        /// Genuine, but past its expiry.
        case expired
    }

    /// A token is never longer than this; longer text is refused before any decoding.
    static let maximumLength = 200
    private static let payloadLength = 28
    private static let domain = Data("civicvoice rating link v1".utf8)

    /// The token's text, signed with `key`.
    func signed(with key: DataKey) -> String {
        let payload = Self.payload(itemID: itemID, round: round, expiresAt: expiresAt)
        let mac = Self.mac(payload, keyID: key.id, key: key)
        return "\(key.id).\(payload.base64URLEncoded).\(Data(mac).base64URLEncoded)"
    }

    /// The token `text` carries, if one of `keys` signed it and it has not expired at `now`.
    static func verify(_ text: String, keys: [DataKey], now: Date) -> Result<RatingToken, Refusal> {
        guard text.utf8.count <= maximumLength else { return .failure(.invalid) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let key = keys.first(where: { $0.id == parts[0] }),
              let payload = Data(base64URLEncoded: String(parts[1])), payload.count == payloadLength,
              let mac = Data(base64URLEncoded: String(parts[2])),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: domain + Data(key.id.utf8) + payload,
                                                      using: SymmetricKey(data: key.material))
        else { return .failure(.invalid) }
        let bytes = Array(payload)
        let id = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                             bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        let round = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let seconds = bytes[20..<28].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let token = RatingToken(itemID: id, round: round, expiresAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
        guard round >= 1 else { return .failure(.invalid) }
        return now < token.expiresAt ? .success(token) : .failure(.expired)
    }

    private static func payload(itemID: UUID, round: Int, expiresAt: Date) -> Data {
        var bytes = withUnsafeBytes(of: itemID.uuid) { Array($0) }
        let round = UInt32(clamping: round)
        bytes += (0..<4).reversed().map { UInt8(truncatingIfNeeded: round >> (8 * $0)) }
        let seconds = UInt64(max(0, expiresAt.timeIntervalSince1970))
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: seconds >> (8 * $0)) }
        return Data(bytes)
    }

    private static func mac(_ payload: Data, keyID: String, key: DataKey) -> HMAC<SHA256>.MAC {
        HMAC<SHA256>.authenticationCode(for: domain + Data(keyID.utf8) + payload, using: SymmetricKey(data: key.material))
    }
}
