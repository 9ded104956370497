import HTTPTypes
import Hummingbird

extension Request {
    /// The value of cookie `name`, if the client sent it.
    func cookie(_ name: String) -> String? {
        for header in headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == name {
                    return String(pair[1]).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}

extension HTTPFields {
    /// Appends a `Set-Cookie` for a first-party cookie: HttpOnly, SameSite=Lax (or Strict), whole site.
    mutating func setCookie(_ name: String, value: String, maxAge: Int, secure: Bool = false, sameSite: String = "Lax") {
        var text = "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=\(sameSite)"
        if secure { text += "; Secure" }
        append(HTTPField(name: .setCookie, value: text))
    }
}
