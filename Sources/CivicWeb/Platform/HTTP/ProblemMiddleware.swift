import CivicStore
import Hummingbird
import Logging

/// Turns every error a route throws into problem+json, so no client ever sees an empty 500 or an
/// internal message. Errors that render themselves (``Problem``, Hummingbird's `HTTPError`) pass
/// through; a database that is away becomes 503 with `Retry-After`; anything else is logged with the
/// request id and answered with a 500 that names only that id.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            if let httpError = error as? HTTPError {
                // The router's own refusals (no route for this path and method) carry no body.
                return try Problem(status: httpError.status, title: httpError.status.reasonPhrase,
                                   detail: httpError.body ?? Self.detail(for: httpError.status), headers: httpError.headers)
                    .response(from: request, context: context)
            }
            throw error
        } catch StoreError.unavailable(let reason) {
            context.logger.warning("database unavailable", metadata: ["reason": "\(reason)"])
            return try Problem(status: .serviceUnavailable, title: "Service temporarily unavailable",
                               detail: "The database cannot be reached. Please try again shortly.",
                               headers: [.retryAfter: "5"])
                .response(from: request, context: context)
        } catch StoreError.conflict {
            return try Problem(status: .serviceUnavailable, title: "Busy, please retry",
                               detail: "The request collided with another one and was not applied.",
                               headers: [.retryAfter: "1"])
                .response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem(status: .internalServerError, title: "Internal error",
                               detail: "Something went wrong on our side. Reference: \(context.id)")
                .response(from: request, context: context)
        }
    }

    /// A plain sentence for an error that came without one.
    static func detail(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "There is nothing at this address for this method."
        case .methodNotAllowed: "This method is not allowed at this address."
        default: "The request was refused: \(status.reasonPhrase)."
        }
    }
}
