import Foundation

/// A parsed `SMTP_URL`: `smtp://[user:password@]host[:port][?starttls=required]` (STARTTLS when the
/// server offers it; required when the URL carries a password or says so) or
/// `smtps://[user:password@]host[:port]` (TLS from the first byte).
///
/// Guarantees: the description never shows the password.
public struct SMTPURL: Sendable, Hashable, CustomStringConvertible {
    public enum Security: String, Sendable, Hashable {
        /// TLS from the start of the connection (smtps://, port 465).
        case implicitTLS
        /// STARTTLS, refusing to go on without it.
        case startTLSRequired
        /// STARTTLS when the server offers it, plain text otherwise.
        case startTLSWhenOffered
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var security: Security

    public init(host: String, port: Int, username: String? = nil, password: String? = nil, security: Security) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.security = security
    }

    /// - Throws: a reason naming what is wrong, never echoing the password.
    public init(parsing text: String) throws(ParseError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw ParseError("is not a URL (expected smtp://user:pass@host:587 or smtps://…)")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw ParseError("scheme must be smtp:// or smtps://, not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else { throw ParseError("has no host") }
        let port = components.port ?? (scheme == "smtps" ? 465 : 25)
        guard (1...65535).contains(port) else { throw ParseError("port \(port) is out of range") }
        let username = components.user.flatMap { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
        let password = components.password.flatMap { $0.removingPercentEncoding ?? $0 }
        if password != nil, username == nil { throw ParseError("has a password but no user name") }
        var security: Security = scheme == "smtps" ? .implicitTLS : (password != nil ? .startTLSRequired : .startTLSWhenOffered)
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("starttls", "required") where scheme == "smtp":
                security = .startTLSRequired
            default:
                throw ParseError("unknown parameter \(item.name) (only starttls=required, on smtp://, is understood)")
            }
        }
        self.init(host: host, port: port, username: username, password: password, security: security)
    }

    /// Why a URL was refused.
    public struct ParseError: Error, Sendable, Hashable {
        public let reason: String

        init(_ reason: String) {
            self.reason = reason
        }
    }

    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let user = username.map { "\($0)\(password == nil ? "" : ":***")@" } ?? ""
        return "\(scheme)://\(user)\(host):\(port)\(security == .startTLSRequired ? "?starttls=required" : "")"
    }
}
