import HTTPTypes
import Hummingbird

/// Over HTTPS (`COOKIE_SECURE=true`) every cookie the server sets is named with the `__Host-`
/// prefix, and only cookies so named are read.
///
/// A browser accepts a `__Host-` cookie only from a secure origin, with `Secure`, `Path=/` and no
/// `Domain`: a sibling subdomain or a plain-HTTP man in the middle cannot plant one (cookie
/// tossing, session fixation). An unprefixed cookie that reaches the server over HTTPS may have
/// been planted that way, so it is not read at all. Done here, on the way in and out, so that the
/// handlers keep using plain names (`cv_staff`, `cv_csrf`, `cv_lang`) and a cookie added later gets
/// the prefix without anyone having to remember it.
struct HostCookiePrefixMiddleware<Context: RequestContext>: RouterMiddleware {
    static var prefix: String { "__Host-" }

    /// `COOKIE_SECURE`: over plain HTTP a browser refuses `__Host-` cookies, so nothing is renamed.
    let https: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard https else { return try await next(request, context) }
        var response = try await next(Self.unprefixingCookies(of: request), context)
        let setCookies = response.headers[values: .setCookie]
        guard !setCookies.isEmpty else { return response }
        response.headers[values: .setCookie] = setCookies.map(Self.prefixed)
        return response
    }

    /// The request with only its `__Host-` cookies, under their plain names.
    static func unprefixingCookies(of request: Request) -> Request {
        let values = request.headers[values: .cookie]
        guard !values.isEmpty else { return request }
        let kept = values.flatMap { $0.split(separator: ";") }.compactMap { part -> String? in
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix(prefix) else { return nil }
            return String(pair.dropFirst(prefix.count))
        }
        var head = request.head
        head.headerFields[values: .cookie] = kept.isEmpty ? [] : [kept.joined(separator: "; ")]
        return Request(head: head, body: request.body)
    }

    /// `Set-Cookie` with the prefix, when the browser will accept it: `Secure`, `Path=/`, no `Domain`
    /// (``HTTPFields/setCookie(_:value:maxAge:secure:sameSite:)`` writes all of them that way).
    static func prefixed(_ setCookie: String) -> String {
        let attributes = setCookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !setCookie.hasPrefix(prefix), attributes.contains("secure"), attributes.contains("path=/"),
              !attributes.contains(where: { $0.hasPrefix("domain=") })
        else { return setCookie }
        return prefix + setCookie
    }
}
