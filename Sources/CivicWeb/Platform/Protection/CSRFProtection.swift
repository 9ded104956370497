import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Double-submit CSRF protection without server-side sessions.
///
/// A citizen's browser gets a random `cv_csrf` cookie (HttpOnly, SameSite=Lax); every form carries
/// `HMAC(key, cookie | action)`. A cross-site page can make the browser send the cookie but cannot
/// read it, so it cannot compute the field. Binding the token to the form's action stops a token
/// taken from one form from being replayed on another.
///
/// A staff form's action is bound to the signed-in session too (``staffAction(_:userID:epoch:)``):
/// someone able to plant a `cv_csrf` cookie of their own in a staff member's browser (a sibling
/// subdomain, a plain-HTTP hop) could otherwise pair it with a token they fetched for it, and post
/// as that staff member; they cannot know the victim's session, and a token ends with it.
struct CSRFProtection: Sendable {
    static let cookieName = "cv_csrf"
    static let fieldName = "csrf"

    let key: SymmetricKey

    /// A fresh random cookie value (128 bits).
    static func newCookieValue() -> String {
        Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }).base64URLEncoded
    }

    /// A staff form's action bound to the session of `userID` at `epoch` (its tokens stop working
    /// when the session ends).
    static func staffAction(_ action: String, userID: Int64, epoch: Int) -> String {
        "\(action)|session:\(userID).\(epoch)"
    }

    func token(cookie: String, action: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(cookie)|\(action)".utf8), using: key)
        return Data(mac).base64URLEncoded
    }

    /// Constant-time comparison of the submitted field with the expected token.
    func isValid(token submitted: String?, cookie: String?, action: String) -> Bool {
        guard let submitted, let cookie, !cookie.isEmpty, cookie.count <= 64 else { return false }
        return Self.constantTimeEquals(token(cookie: cookie, action: action), submitted)
    }

    /// Whether two tokens are equal, in a time that does not depend on where they differ.
    static func constantTimeEquals(_ expected: String, _ submitted: String) -> Bool {
        let expected = Array(expected.utf8)
        let given = Array(submitted.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}

extension CSRFProtection {
    /// The browser's CSRF cookie value, set now (in `headers`) when it sent none or a malformed one.
    static func cookie(for request: Request, headers: inout HTTPFields, secure: Bool) -> String {
        if let existing = request.cookie(cookieName),
           (16...64).contains(existing.count),
           existing.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return existing
        }
        let value = newCookieValue()
        headers.setCookie(cookieName, value: value, maxAge: 24 * 3600, secure: secure)
        return value
    }
}
