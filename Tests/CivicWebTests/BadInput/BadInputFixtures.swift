import Foundation
import HTTPTypes
@testable import CivicWeb

/// What the corpus needs from the data stored before it runs: real ids to aim at (so that a case
/// is refused for its hostile part, not for naming nothing), a staff token and session, and a CSRF
/// cookie with which valid tokens can be made, so that hostile payloads get past the CSRF check.
struct BadInputFixtures: Sendable {
    /// The tracking code of a stored feedback item (state `received`, so it cannot be rated yet).
    let trackingCode: String
    let itemID: UUID
    let attachmentID: UUID
    /// A valid admin bearer token: the staff cases with it test parameters, not credentials.
    let adminToken: String
    /// The `Cookie` value of a signed-in admin's browser (session and CSRF cookies).
    let staffCookie: String
    /// The CSRF cookie value of the staff browser, for tokens of the staff pages' forms.
    let staffCSRFCookie: String
    /// The signed-in admin's id and session epoch: staff forms' tokens are bound to the session.
    let staffUserID: Int64
    let staffEpoch: Int

    /// A valid token of the staff browser for the form posting to `action`.
    func staffCSRFToken(action: String) -> String {
        Self.csrfToken(action: CSRFProtection.staffAction(action, userID: staffUserID, epoch: staffEpoch), cookie: staffCSRFCookie)
    }

    /// The citizen's CSRF cookie: any well-formed value is accepted, and the token is its HMAC.
    static let csrfCookie = "badinputcorpus0123456789"

    /// A valid CSRF form field for `action` under `cookie`.
    static func csrfToken(action: String, cookie: String = csrfCookie) -> String {
        CSRFProtection(key: SecretKeys(secret: TestApp.secret).csrf).token(cookie: cookie, action: action)
    }
}
