import Crypto
import Foundation

/// CSRF protection for the kiosk's pages without a cookie: the citizen intake's double-submit
/// cookie (``CSRFProtection``) would outlive the submission on a shared tablet, so a kiosk form
/// carries instead `issued.HMAC(key, kiosk | submission id | issued)`, bound to the device and to
/// the one response being filled in, and valid for a few hours. A cross-site page can neither
/// compute it (no key) nor read one from the kiosk's page (same-origin policy), and it would need
/// the kiosk's token, the path, as well.
struct KioskFormToken: Sendable {
    let key: SymmetricKey
    /// Longer than any citizen takes, shorter than a day: a page left open overnight asks again.
    static let validity: TimeInterval = 4 * 3600

    func token(kioskID: Int64, submissionID: UUID, now: Date) -> String {
        let issued = Int(now.timeIntervalSince1970)
        return "\(issued)." + mac(kioskID: kioskID, submissionID: submissionID, issued: issued)
    }

    func isValid(_ token: String?, kioskID: Int64, submissionID: UUID, now: Date) -> Bool {
        guard let token, token.count <= 80 else { return false }
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let issued = Int(parts[0]) else { return false }
        let age = now.timeIntervalSince1970 - TimeInterval(issued)
        guard age >= -60, age <= Self.validity else { return false }
        return CSRFProtection.constantTimeEquals(mac(kioskID: kioskID, submissionID: submissionID, issued: issued),
                                                 String(parts[1]))
    }

    private func mac(kioskID: Int64, submissionID: UUID, issued: Int) -> String {
        let message = "kiosk|\(kioskID)|\(submissionID.uuidString.lowercased())|\(issued)"
        return Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)).base64URLEncoded
    }
}
