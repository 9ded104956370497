import CivicCore
import Hummingbird

/// What the intake endpoints of the API share: the per-address rate limit, the language of error
/// messages, and the 422 document listing every field error.
struct APIIntake: Sendable {
    let ui: UIStrings
    let addresses: AddressHasher
    let rateLimiter: RateLimiter?

    /// - Throws: a 429 ``Problem`` when the caller's address has used up its submissions.
    func enforceRateLimit(_ request: Request, context: AppRequestContext) throws {
        if let rateLimiter, !rateLimiter.allow(addresses.hash(request, peer: context.remoteAddress)) {
            CivicMetrics.blocked("rate_limit").increment()
            throw Problem(status: .tooManyRequests, title: "Too many requests",
                          detail: "Slow down and retry after the time given in Retry-After.", headers: [.retryAfter: "60"])
        }
    }

    /// The caller's languages for messages: Accept-Language, then English, then Vietnamese.
    func chain(_ request: Request) -> LanguageChain {
        LanguageChain(acceptLanguage: request.headers[.acceptLanguage], base: "en").endingWith("vi")
    }

    /// 422 with `errors: [{field, code, message}]`.
    func invalid(_ errors: [SubmissionService.FieldError], title: String, chain: LanguageChain) -> Problem {
        let items = errors.map { error in
            ["field": error.field, "code": error.code, "message": ui.format(error.uiKey, for: chain, with: error.parameters).text]
        }
        return Problem(status: .unprocessableContent, title: title,
                       detail: "\(errors.count) field\(errors.count == 1 ? " has an error" : "s have errors").",
                       extensions: ["errors": .objects(items)])
    }
}
