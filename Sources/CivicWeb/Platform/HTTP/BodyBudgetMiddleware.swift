import HTTPTypes
import Hummingbird

/// A global cap on the request bodies held in memory at once. The largest routes buffer their
/// body whole (9 MiB of JSON with base64 attachments, 7 MiB of multipart) and copy it while
/// reading it, so a few hundred concurrent uploads would exhaust the server's memory long before
/// the connection cap. A request announcing more than ``threshold`` bytes, or a body of unknown
/// length, reserves its size (the largest body any route takes, when unknown) before the handler
/// runs and gives it back when the response is ready; when the budget is spent the request is
/// answered 503 with Retry-After at once, before its body is read.
struct BodyBudgetMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Bodies up to this size are not counted: small forms and API calls are never refused.
    static var threshold: Int { 64 * 1024 }
    /// The largest body a route accepts (the JSON feedback API).
    static var largestBody: Int { 9 * 1024 * 1024 }

    let budget: CapacityLimit

    init(bytes: Int) {
        budget = CapacityLimit(capacity: bytes)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let size = Self.reservation(for: request.head) else { return try await next(request, context) }
        guard budget.tryAcquire(size) else {
            CivicMetrics.blocked("body_budget").increment()
            throw Problem(status: .serviceUnavailable, title: "Busy",
                          detail: "The server is receiving many large requests at once; retry after the time given in Retry-After.",
                          headers: [.retryAfter: "5", .connection: "close"])
        }
        defer { budget.release(size) }
        return try await next(request, context)
    }

    /// The bytes a request reserves: nil for one without a body, or a small one.
    static func reservation(for head: HTTPRequest) -> Int? {
        guard [.post, .put, .patch].contains(head.method) else { return nil }
        guard let text = head.headerFields[.contentLength] else { return largestBody }
        guard let length = Int(text), length >= 0 else { return largestBody }
        guard length > threshold else { return nil }
        // A body larger than any route takes is refused by the route without being buffered.
        return min(length, largestBody)
    }
}
