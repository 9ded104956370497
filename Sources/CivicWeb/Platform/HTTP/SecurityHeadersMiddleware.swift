import HTTPTypes
import Hummingbird

/// Headers every response carries: `X-Content-Type-Options: nosniff`, so that no browser reads a
/// JSON answer or an attachment as a page or a script; and, when the service is reached over
/// HTTPS (`COOKIE_SECURE=true`), `Strict-Transport-Security`, so that a browser that has been
/// there once never sends a cookie over plain HTTP again. Pages add their own CSP and referrer
/// policy (``PageRenderer``).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var strictTransportSecurity: HTTPField.Name { HTTPField.Name("Strict-Transport-Security")! }
    static var contentTypeOptions: HTTPField.Name { HTTPField.Name("X-Content-Type-Options")! }

    let https: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Refusals that render themselves (problem+json, GeoReport errors) carry them too.
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.contentTypeOptions] = "nosniff"
        if https { response.headers[Self.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
