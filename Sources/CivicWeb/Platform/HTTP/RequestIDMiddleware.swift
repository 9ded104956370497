import HTTPTypes
import Hummingbird

/// Returns the request id (the one in every log line of the request) as `X-Request-Id`, so a
/// citizen's or operator's report can be matched with the logs.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.requestID] = context.id
        return response
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
