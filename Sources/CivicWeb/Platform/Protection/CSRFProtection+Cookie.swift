import HTTPTypes
import Hummingbird

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
