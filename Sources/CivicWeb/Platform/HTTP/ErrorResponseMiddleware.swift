import Hummingbird

/// Turns every error a route throws into an answer its reader can use, so that no one ever sees an
/// empty 500 or an internal message. The route decides the form (``RouteAudience``), never a guess
/// from `Accept`: programs get problem+json (or the error's own answer, e.g. a GeoReport error),
/// citizen and staff pages an HTML page in the reader's language with the same status and headers.
/// A database that is away becomes 503 with `Retry-After`; anything else is logged with the request
/// id and answered with a 500 that names only that id (``RouteFailure``).
struct ErrorResponseMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let citizenPages: CitizenPages
    let staffPages: StaffPageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = RouteFailure(error, requestID: context.id, logger: context.logger)
            switch RouteAudience(path: request.uri.path) {
            case .programs:
                return try failure.answerForPrograms.response(from: request, context: context)
            case .citizenPages:
                return citizenPages.failure(failure, request: request)
            case .staffPages:
                return staffPages.failure(failure, request: request)
            }
        }
    }
}
