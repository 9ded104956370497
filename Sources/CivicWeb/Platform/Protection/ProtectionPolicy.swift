import CivicStore
import Foundation

/// The allowances of the server's defences against guessing and overload (docs/security.md).
/// The defaults are the production ones; tests that send many bad requests on purpose (the bad
/// input corpus) widen them.
public struct ProtectionPolicy: Sendable {
    /// Sign-in attempts per account from places it has not signed in from before: 5 at once, one
    /// more every 3 minutes. Reserved before the password is checked; given back when it was right.
    public var signInPerLogin = ThrottleStore.Policy(capacity: 5, refillPerSecond: 1.0 / 180)
    /// Sign-in attempts per client address, whatever the account: 20 at once, 4 more every 3 minutes.
    public var signInPerAddress = ThrottleStore.Policy(capacity: 20, refillPerSecond: 4.0 / 180)
    /// Look-ups by tracking code that name nothing, per client address: 10 at once, one more a
    /// minute. A code has 30 random bits, so this leaves a guesser no chance.
    public var trackingCodeMisses = ThrottleStore.Policy(capacity: 10, refillPerSecond: 1.0 / 60)
    /// Look-ups and ratings by tracking code per client address and minute, hits included.
    public var lookupsPerMinute = 60
    /// bcrypt checks running at once in this process (a quarter of a second of one core each).
    public var concurrentPasswordChecks = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// Response exports streaming at once: each holds a pool connection while the client reads.
    public var concurrentExports = 2
    /// How long one export may stream before it is cut off (a province-year of responses takes
    /// well under a minute to read at the bench's rate; a reader this slow is stalled).
    public var exportDeadline: Duration = .seconds(900)

    public init() {}
}
