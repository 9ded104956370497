import CivicStore
import Crypto
import Foundation
import Logging

/// Limits sign-in attempts per account and per client address, in PostgreSQL so that the limit
/// holds across every server process.
///
/// An attempt is reserved (a token taken from each bucket, atomically) before the password is
/// checked and given back when the password was right, so only failures count and parallel
/// attempts cannot all pass a check made before any of them was charged. An attempt from a place
/// (client address) the account has signed in from before is not charged to the account's own
/// bucket, only to the address's: whoever spends an account's allowance from elsewhere cannot lock
/// its owner out. Keys are keyed hashes: a login typed may be a password typed in the wrong box.
struct LoginThrottle: Sendable {
    static let loginScope = "sign_in_login"
    static let addressScope = "sign_in_address"
    /// Places unused for 180 days are forgotten.
    static let placeLifetime: TimeInterval = 180 * 86_400

    let store: ThrottleStore
    let perLogin: ThrottleStore.Policy
    let perAddress: ThrottleStore.Policy
    private let loginHashKey: SymmetricKey
    private let pruning = PruneSchedule(every: 600)

    init(store: ThrottleStore, policy: ProtectionPolicy, key: SymmetricKey) {
        self.store = store
        self.perLogin = policy.signInPerLogin
        self.perAddress = policy.signInPerAddress
        self.loginHashKey = key
    }

    /// An attempt that was reserved.
    struct Ticket: Sendable {
        let buckets: [ThrottleStore.Bucket]
        let loginKey: String
        let clientKey: String
    }

    /// Reserves an attempt for `login` from `client` (a keyed address hash); nil when the account
    /// or the address has used its allowance.
    func reserve(login: String, client: String, now: Date, logger: Logger) async throws -> Ticket? {
        try await pruneIfDue(now: now, logger: logger)
        let loginKey = Self.keyedHash("login:\(login)", key: loginHashKey)
        var buckets = [ThrottleStore.Bucket(scope: Self.addressScope, key: client, policy: perAddress)]
        if try await !store.isKnownPlace(loginKey: loginKey, clientKey: client, logger: logger) {
            // The account's bucket first: every caller locks the rows in the same order.
            buckets.insert(ThrottleStore.Bucket(scope: Self.loginScope, key: loginKey, policy: perLogin), at: 0)
        }
        guard try await store.take(buckets, now: now, logger: logger) else { return nil }
        return Ticket(buckets: buckets, loginKey: loginKey, clientKey: client)
    }

    /// The password was right: the attempt is given back and the place remembered.
    func signedIn(_ ticket: Ticket, now: Date, logger: Logger) async throws {
        try await store.giveBack(ticket.buckets, logger: logger)
        try await store.rememberPlace(loginKey: ticket.loginKey, clientKey: ticket.clientKey, now: now, logger: logger)
    }

    /// The attempt was refused before its password was checked (the server was busy): given back.
    func notChecked(_ ticket: Ticket, logger: Logger) async throws {
        try await store.giveBack(ticket.buckets, logger: logger)
    }

    /// At most every ten minutes per process: full buckets and old places are deleted.
    private func pruneIfDue(now: Date, logger: Logger) async throws {
        guard pruning.isDue(at: now) else { return }
        try await store.prune(scope: Self.loginScope, policy: perLogin, now: now, logger: logger)
        try await store.prune(scope: Self.addressScope, policy: perAddress, now: now, logger: logger)
        try await store.forgetPlaces(unusedFor: Self.placeLifetime, now: now, logger: logger)
    }

    static func keyedHash(_ text: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).prefix(16)).base64URLEncoded
    }
}
