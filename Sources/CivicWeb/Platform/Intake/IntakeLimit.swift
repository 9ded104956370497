import Hummingbird

/// The per-address limit on submissions, the same at every intake (the survey and PAKN forms, the
/// JSON API, Open311): the client's address is hashed (never kept raw), its bucket charged one
/// submission, and a refusal counted (`civicvoice_blocked_submissions_total{reason="rate_limit"}`).
/// Each intake words its own 429: a page, problem+json or a GeoReport error.
struct IntakeLimit: Sendable {
    let addresses: AddressHasher
    /// Nil when `RATE_LIMIT_PER_MINUTE` is 0: every submission is admitted.
    let limiter: RateLimiter?

    /// The `Retry-After` of every refusal, in seconds: a bucket regains a token within a minute.
    static let retryAfterSeconds = 60

    /// Charges the request's client one submission; false (and the refusal counted) when it must wait.
    func admits(_ request: Request, context: AppRequestContext) -> Bool {
        guard let limiter else { return true }
        if limiter.allow(addresses.hash(request, peer: context.remoteAddress)) { return true }
        CivicMetrics.blocked("rate_limit").increment()
        return false
    }
}
