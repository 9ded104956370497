import Foundation

/// A subscription's target URL, checked when an admin registers it: `https://` (or `http://`,
/// for an integration platform on the province's own network), a host, no user name or password
/// in it (a secret in a URL ends up in logs and on pages), no fragment, at most 2,000 characters.
public struct WebhookEndpoint: Sendable, Hashable {
    public let url: String

    public enum Problem: Error, Equatable, Sendable {
        case empty, tooLong, notAURL, scheme, credentials, fragment
    }

    public static func parse(_ raw: String) -> Result<WebhookEndpoint, Problem> {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(.empty) }
        guard text.count <= 2000 else { return .failure(.tooLong) }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }),
              let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else { return .failure(.notAURL) }
        guard let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            return .failure(.scheme)
        }
        guard components.user == nil, components.password == nil else { return .failure(.credentials) }
        guard components.fragment == nil else { return .failure(.fragment) }
        return .success(WebhookEndpoint(url: text))
    }

    /// Why the URL was refused, for the admin (English; the console page has its own strings).
    public static func message(_ problem: Problem) -> String {
        switch problem {
        case .empty: "The URL is missing."
        case .tooLong: "The URL is longer than 2,000 characters."
        case .notAURL: "This is not a URL with a host."
        case .scheme: "The URL must start with https:// (or http://)."
        case .credentials: "The URL must not carry a user name or password: the secret signs each delivery."
        case .fragment: "The URL must not have a #fragment."
        }
    }
}
