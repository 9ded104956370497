/// Who reads what a route answers, decided by the route's path (never guessed from `Accept`): a
/// person at a citizen page, a staff member at a staff page, or a program at the JSON API,
/// Open311 or the operations endpoints. A failure is answered in the reader's form: an HTML page
/// in their language for people, problem+json for programs (``ErrorResponseMiddleware``).
enum RouteAudience: Sendable, Hashable {
    case citizenPages
    case staffPages
    case programs

    /// The path prefixes of the routes programs call.
    static let programPrefixes = ["/api", "/open311", "/healthz", "/readyz", "/metrics"]

    init(path: String) {
        func under(_ prefix: String) -> Bool {
            path == prefix || path.hasPrefix(prefix + "/")
        }
        if Self.programPrefixes.contains(where: under) {
            self = .programs
        } else if under("/staff") {
            self = .staffPages
        } else {
            self = .citizenPages
        }
    }
}
