/// Limits failed sign-ins per account and per client address (keyed hash), in memory.
///
/// Only failures are charged, so a user who types the password right is never slowed by their
/// own successes; once an account or an address has used its allowance, attempts are refused
/// without checking the password until it refills. In memory on purpose, as ``RateLimiter``: a
/// database write per attempt would be the load it protects against; behind several servers
/// each enforces its own allowance, which still bounds guessing to a few per minute per server.
struct LoginThrottle: Sendable {
    private let perLogin: RateLimiter
    private let perAddress: RateLimiter

    /// - Parameters:
    ///   - failuresPerLogin: failures allowed at once per account; one more is regained every `refillSeconds`.
    ///   - failuresPerAddress: the same per client address (many accounts tried from one place).
    init(failuresPerLogin: Double = 5, failuresPerAddress: Double = 20, refillSeconds: Double = 180) {
        perLogin = RateLimiter(policy: .init(capacity: failuresPerLogin, refillPerSecond: 1 / refillSeconds))
        perAddress = RateLimiter(policy: .init(capacity: failuresPerAddress, refillPerSecond: 4 / refillSeconds))
    }

    /// Whether an attempt for `login` from `address` (a keyed hash) may be checked now.
    func mayAttempt(login: String, address: String) -> Bool {
        perLogin.hasToken(login) && perAddress.hasToken(address)
    }

    func recordFailure(login: String, address: String) {
        _ = perLogin.allow(login)
        _ = perAddress.allow(address)
    }
}
