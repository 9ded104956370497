import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: the method, the route's pattern (`/pakn/{code}`, not the path), the
/// status and nothing else. A path holds tracking codes (the only secret behind a citizen's item)
/// or other secrets in a segment (a one-time set-password link `/staff/password/{token}`), and a
/// query string holds what staff searched for, so neither is logged, for every route at once (an
/// unmatched path is logged as `unmatched`); Hummingbird's
/// LogRequestsMiddleware logs the whole URI, hence this one. The request id is in the logger's
/// metadata, so the line can be matched with the request's others.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context: context, status: error.status)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: HTTPResponse.Status) {
        context.logger.log(level: level, "request", metadata: [
            "hb.request.method": .string(request.method.rawValue),
            "hb.request.route": .string(context.endpointPath ?? "unmatched"),
            "hb.response.status": .stringConvertible(status.code),
        ])
    }
}
