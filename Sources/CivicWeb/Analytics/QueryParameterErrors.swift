import Hummingbird

/// Every problem found in a request's query parameters, reported at once as one problem+json:
/// 400 when a value cannot be read (a period that is no period, an unknown `by`), 422 when it
/// reads but cannot be used (`from` after `to`, an unknown form, a breakdown the route lacks).
///
/// The document names the parameters: `parameter` is the first one, `errors` lists each as
/// `{parameter, code, detail}`, so a client can mark the offending field; `allowed` lists the
/// values to choose from when the caller's units are the choice.
struct QueryParameterErrors: Error, Sendable {
    struct Issue: Sendable, Hashable {
        let parameter: String
        /// `invalid` (cannot be read), `unknown_parameter`, `missing`, `conflict`, `unprocessable`.
        let code: String
        let detail: String
        /// Whether the value read but cannot be used (422) rather than not read at all (400).
        let unprocessable: Bool
        /// The values the parameter may take, when they are few and the caller's own (their units).
        var allowed: [String] = []
    }

    private(set) var issues: [Issue] = []

    mutating func invalid(_ parameter: String, _ detail: String) {
        issues.append(Issue(parameter: parameter, code: "invalid", detail: detail, unprocessable: false))
    }

    mutating func unprocessable(_ parameter: String, _ detail: String, code: String = "unprocessable") {
        issues.append(Issue(parameter: parameter, code: code, detail: detail, unprocessable: true))
    }

    /// Throws the collected issues, if any.
    func check() throws(QueryParameterErrors) {
        if !issues.isEmpty { throw self }
    }

    /// One issue, thrown at once.
    static func single(_ parameter: String, _ detail: String, unprocessable: Bool = true) -> QueryParameterErrors {
        var errors = QueryParameterErrors()
        if unprocessable { errors.unprocessable(parameter, detail) } else { errors.invalid(parameter, detail) }
        return errors
    }

    /// A unit must be named: the caller may read several (`choices`, listed in `allowed`), or none.
    static func unitRequired(_ parameter: String, choices: [String]) -> QueryParameterErrors {
        let detail = choices.isEmpty
            ? "is required: your grants name no unit to default to"
            : "is required: choose one of your units, " + choices.joined(separator: ", ")
        var errors = QueryParameterErrors()
        errors.issues.append(Issue(parameter: parameter, code: "missing", detail: detail, unprocessable: true,
                                   allowed: choices))
        return errors
    }

    /// The problem document: 400 if any value could not be read, else 422.
    var problem: Problem {
        let status: HTTPResponse.Status = issues.contains { !$0.unprocessable } ? .badRequest : .unprocessableContent
        let detail = issues.count == 1
            ? "\(issues[0].parameter): \(issues[0].detail)"
            : issues.map { "\($0.parameter): \($0.detail)" }.joined(separator: "; ")
        var extensions: [String: ProblemValue] = [
            "parameter": .string(issues.first?.parameter ?? ""),
            "errors": .objects(issues.map { ["parameter": $0.parameter, "code": $0.code, "detail": $0.detail] }),
        ]
        if let allowed = issues.first(where: { !$0.allowed.isEmpty })?.allowed {
            extensions["allowed"] = .strings(allowed)
        }
        return Problem(status: status, title: "Invalid query parameter", detail: detail, extensions: extensions)
    }
}

extension QueryParameterErrors: HTTPResponseError {
    var status: HTTPResponse.Status { problem.status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try problem.response(from: request, context: context)
    }
}
