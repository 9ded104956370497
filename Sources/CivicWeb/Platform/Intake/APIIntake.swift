import CivicCore
import Hummingbird

/// What the intake endpoints of the API share: the per-address rate limit with its problem+json
/// 429, the language of error messages, and the 422 document listing every field error.
struct APIIntake: Sendable {
    let ui: UIStrings
    let limit: IntakeLimit

    /// The JSON object a submission posts, once the caller's address is charged for it.
    /// - Throws: a 429 ``Problem`` when the address has used up its submissions; the problems of
    ///   ``JSONBody/object(_:limit:)`` (413, 415, 400) for a body that is not one object.
    func body(_ request: Request, context: AppRequestContext, limit size: Int) async throws -> [String: JSONValue] {
        guard limit.admits(request, context: context) else {
            throw Problem(status: .tooManyRequests, title: "Too many requests",
                          detail: "Slow down and retry after the time given in Retry-After.",
                          headers: [.retryAfter: "\(IntakeLimit.retryAfterSeconds)"])
        }
        return try await JSONBody.object(request, limit: size)
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
