import CivicStore
import HTTPTypes
import Hummingbird
import Logging

/// An error a route threw, in the terms every answer to it needs: the status and headers, what the
/// request got wrong (as the route worded it), and for a failure on our side the reference to quote.
/// ``ErrorResponseMiddleware`` answers programs with ``answerForPrograms`` and people with a page.
struct RouteFailure {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    /// What the request got wrong, in English, when the route said (a ``Problem``'s or a query's
    /// detail); nil for the router's own refusals and for failures on our side.
    let detail: String?
    /// The request id, for a failure on our side: the log line to look for.
    let reference: String?
    /// problem+json, or the error's own answer when it writes one (a ``Problem`` with its
    /// extensions, a GeoReport error, the query parameter errors).
    let answerForPrograms: any HTTPResponseError

    /// The interface string (`Forms/ui`) that tells a person what happened.
    var messageKey: String {
        switch status.code {
        case 403, 401: "page.forbidden"
        case 404, 410: "page.not_found"
        case 413: "page.too_large"
        case 429: "page.rate_limited"
        case 503: "page.temporarily_unavailable"
        case 500...: "page.server_error"
        default: "page.bad_request"
        }
    }

    /// A plain sentence for a refusal that came without one.
    static func detail(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "There is nothing at this address for this method."
        case .methodNotAllowed: "This method is not allowed at this address."
        default: "The request was refused: \(status.reasonPhrase)."
        }
    }
}

extension RouteFailure {
    /// Classifies `error`, logging what an operator must see: a database that is away (warning),
    /// anything unexpected (error, with the request id, never shown to the reader).
    init(_ error: any Error, requestID: String, logger: Logger) {
        switch error {
        case let refusal as HTTPError:
            // The router's own refusals (no route for this path and method) carry no body.
            self.init(status: refusal.status, headers: refusal.headers, detail: refusal.body, reference: nil,
                      answerForPrograms: Problem(status: refusal.status, title: refusal.status.reasonPhrase,
                                      detail: refusal.body ?? Self.detail(for: refusal.status), headers: refusal.headers))
        case let problem as Problem:
            self.init(status: problem.status, headers: problem.headers, detail: problem.detail, reference: nil,
                      answerForPrograms: problem)
        case let errors as QueryParameterErrors:
            let problem = errors.problem
            self.init(status: problem.status, headers: problem.headers, detail: problem.detail, reference: nil,
                      answerForPrograms: errors)
        case let other as any HTTPResponseError:
            self.init(status: other.status, headers: [:], detail: nil, reference: nil, answerForPrograms: other)
        case StoreError.unavailable(let reason):
            logger.warning("database unavailable", metadata: ["reason": "\(reason)"])
            let headers: HTTPFields = [.retryAfter: "5"]
            self.init(status: .serviceUnavailable, headers: headers, detail: nil, reference: nil,
                      answerForPrograms: Problem(status: .serviceUnavailable, title: "Service temporarily unavailable",
                                      detail: "The database cannot be reached. Please try again shortly.", headers: headers))
        case StoreError.conflict:
            let headers: HTTPFields = [.retryAfter: "1"]
            self.init(status: .serviceUnavailable, headers: headers, detail: nil, reference: nil,
                      answerForPrograms: Problem(status: .serviceUnavailable, title: "Busy, please retry",
                                      detail: "The request collided with another one and was not applied.", headers: headers))
        case is CancellationError:
            // The request's task was cancelled: its client went away or the server is stopping
            // (a database wait gives up at once then, Deadline.swift). Nothing failed on our side
            // that an operator must chase, so no error line and no 500 in the figures; a client
            // still listening is told to come back.
            logger.notice("request cancelled before its answer")
            let headers: HTTPFields = [.retryAfter: "1"]
            self.init(status: .serviceUnavailable, headers: headers, detail: nil, reference: nil,
                      answerForPrograms: Problem(status: .serviceUnavailable, title: "Service temporarily unavailable",
                                      detail: "The request was stopped before it finished. Please try again.",
                                      headers: headers))
        default:
            logger.error("unhandled error", metadata: ["error": "\(StoreError.logDescription(error))"])
            self.init(status: .internalServerError, headers: [:], detail: nil, reference: requestID,
                      answerForPrograms: Problem(status: .internalServerError, title: "Internal error",
                                      detail: "Something went wrong on our side. Reference: \(requestID)"))
        }
    }
}
