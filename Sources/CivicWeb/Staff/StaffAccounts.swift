import CivicCore
import CivicStore
import Crypto
import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import Synchronization

/// Account operations with their rules, shared by the command line and the admin API: login and
/// password checks, bcrypt hashing off the event loop, generated passwords and tokens.
public struct StaffAccounts: Sendable {
    public let users: UserStore
    public let tokens: TokenStore
    public let links: PasswordLinkStore
    /// bcrypt cost for new hashes: 12 in service; tests pass a lower one to stay fast.
    public let passwordCost: UInt8
    private let dummy: DummyHash

    public static let defaultTokenLifetimeDays = 90
    /// How long a one-time link to set or reset a password works.
    public static let passwordLinkLifetime: TimeInterval = 24 * 3600

    public init(database: Database, passwordCost: UInt8 = 12) {
        self.users = UserStore(database: database)
        self.tokens = TokenStore(database: database)
        self.links = PasswordLinkStore(database: database)
        self.passwordCost = passwordCost
        self.dummy = DummyHash(cost: passwordCost)
    }

    /// A new account with its first grant. Without `password`, one is generated and returned
    /// (to be shown once); a given one must follow ``StaffLogin/passwordProblem(_:)``.
    /// - Parameter oneTime: the password is a one-time password: the account must choose its own
    ///   at its first sign-in.
    /// - Throws: ``AccountError`` for an invalid login, password or name, a taken login or an unknown unit.
    public func addUser(login rawLogin: String, displayName: String?, role: StaffRole, unitCode: String?,
                        password: String?, oneTime: Bool = false, by actor: AuditLog.Actor,
                        logger: Logger) async throws -> (user: UserStore.User, generatedPassword: String?) {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.invalidLogin(rawLogin) }
        let name = VietnameseText.cleanedInput(displayName ?? login)
        guard (1...200).contains(name.count), !VietnameseText.containsDisallowedControlCharacters(name) else {
            throw AccountError.invalidDisplayName
        }
        if role.isScoped, unitCode == nil { throw AccountError.unitRequired(role) }
        let generated = password == nil ? Self.generatePassword() : nil
        let chosen = password ?? generated ?? ""
        if let problem = StaffLogin.passwordProblem(chosen) { throw AccountError.invalidPassword(problem) }
        let hash = try await hashPassword(chosen)
        let user = try await users.create(login: login, displayName: name, passwordHash: hash, role: role,
                                          unitCode: unitCode, mustChange: oneTime, by: actor, logger: logger)
        return (user, generated)
    }

    /// A new account whose owner sets the password through a one-time link (valid 24 hours): the
    /// account gets a random password nobody knows until then.
    /// - Returns: the account and the link's secret, to be shown once.
    public func addUserWithLink(login: String, displayName: String?, role: StaffRole, unitCode: String?,
                                now: Date = Date(), by actor: AuditLog.Actor,
                                logger: Logger) async throws -> (user: UserStore.User, linkSecret: String) {
        let (user, _) = try await addUser(login: login, displayName: displayName, role: role, unitCode: unitCode,
                                          password: nil, by: actor, logger: logger)
        let secret = try await passwordLink(login: user.login, purpose: .set, now: now, by: actor, logger: logger)
        return (user, secret)
    }

    /// A one-time link for `login` to set (a new account) or reset its password, valid 24 hours;
    /// the account's older unused links stop working.
    /// - Returns: the link's secret, to be shown once.
    public func passwordLink(login rawLogin: String, purpose: PasswordLinkStore.Purpose, now: Date = Date(),
                             by actor: AuditLog.Actor, logger: Logger) async throws -> String {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.unknownUser(rawLogin) }
        let secret = APIToken.generate()
        try await links.create(login: login, tokenHash: APIToken.hash(secret), purpose: purpose,
                               expiresAt: now.addingTimeInterval(Self.passwordLinkLifetime), by: actor, logger: logger)
        return secret
    }

    /// Sets the password of the link's account (``PasswordLinkStore/use(tokenHash:passwordHash:now:logger:)``).
    /// - Returns: the account, or nil when the link no longer works.
    public func setPassword(linkSecret: String, password: String, now: Date = Date(),
                            logger: Logger) async throws -> UserStore.User? {
        guard APIToken.looksLikeToken(linkSecret) else { return nil }
        let hash = try await hashPassword(password)
        return try await links.use(tokenHash: APIToken.hash(linkSecret), passwordHash: hash, now: now, logger: logger)
    }

    /// The account a link would set the password of, while it works.
    public func passwordLink(secret: String, now: Date = Date(), logger: Logger) async throws -> PasswordLinkStore.Link? {
        guard APIToken.looksLikeToken(secret) else { return nil }
        return try await links.link(tokenHash: APIToken.hash(secret), now: now, logger: logger)
    }

    /// Changes the signed-in user's own password, when `current` is their password; ends their
    /// other sessions. The caller has checked `new` against the policy.
    /// - Returns: the account with its new session epoch, or nil when `current` is wrong.
    public func changePassword(userID: Int64, login: String, current: String, new: String,
                               logger: Logger) async throws -> UserStore.User? {
        guard current.utf8.count <= StaffLogin.maximumPasswordBytes,
              let credentials = try await users.credentials(login: login, logger: logger),
              credentials.user.id == userID,
              try await verify(current, hash: credentials.passwordHash)
        else { return nil }
        let hash = try await hashPassword(new)
        return try await users.setPassword(userID: userID, passwordHash: hash, by: .user(id: userID, login: login),
                                           logger: logger)
    }

    /// - Returns: false when the user did not have the grant.
    public func revokeGrant(login rawLogin: String, role: StaffRole, unitCode: String?, by actor: AuditLog.Actor,
                            logger: Logger) async throws -> Bool {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.unknownUser(rawLogin) }
        return try await users.revokeGrant(login: login, role: role, unitCode: unitCode, by: actor, logger: logger)
    }

    /// - Returns: false when the account was not disabled.
    public func enable(login rawLogin: String, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.unknownUser(rawLogin) }
        return try await users.enable(login: login, by: actor, logger: logger)
    }

    /// Ends every session of `login` (an admin's forced sign-out).
    public func endSessions(login rawLogin: String, by actor: AuditLog.Actor, logger: Logger) async throws {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.unknownUser(rawLogin) }
        try await users.endSessions(login: login, by: actor, logger: logger)
    }

    /// - Returns: false when the user already had the grant.
    public func grant(login rawLogin: String, role: StaffRole, unitCode: String?, by actor: AuditLog.Actor,
                      logger: Logger) async throws -> Bool {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.unknownUser(rawLogin) }
        return try await users.addGrant(login: login, role: role, unitCode: unitCode, by: actor, logger: logger)
    }

    /// - Returns: false when the account was already disabled.
    public func disable(login rawLogin: String, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.unknownUser(rawLogin) }
        return try await users.disable(login: login, by: actor, logger: logger)
    }

    /// A new token for `login`, valid for `days` from `now`. The secret is returned once and never stored.
    public func createToken(login rawLogin: String, label: String, days: Int = defaultTokenLifetimeDays,
                            scope: TokenStore.Scope = .full, now: Date = Date(), by actor: AuditLog.Actor,
                            logger: Logger) async throws -> (token: TokenStore.Token, secret: String) {
        guard let login = StaffLogin.normalized(rawLogin) else { throw AccountError.unknownUser(rawLogin) }
        guard (1...3650).contains(days) else { throw AccountError.invalidExpiry }
        let secret = APIToken.generate()
        let token = try await tokens.create(login: login, tokenHash: APIToken.hash(secret),
                                            label: VietnameseText.cleanedInput(label), scope: scope,
                                            expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400),
                                            by: actor, logger: logger)
        return (token, secret)
    }

    /// Revokes a token given by its id or by the token itself.
    /// - Returns: the token, or nil when it was already revoked.
    /// - Throws: ``AccountError/unknownToken``.
    public func revokeToken(_ reference: String, by actor: AuditLog.Actor, logger: Logger) async throws -> TokenStore.Token? {
        if APIToken.looksLikeToken(reference) {
            return try await tokens.revoke(id: nil, tokenHash: APIToken.hash(reference), by: actor, logger: logger)
        }
        guard let id = Int64(reference) else { throw AccountError.unknownToken }
        return try await tokens.revoke(id: id, tokenHash: nil, by: actor, logger: logger)
    }

    /// How a sign-in ended.
    enum SignInOutcome: Sendable {
        case signedIn(UserStore.User)
        /// Wrong password, disabled account or unknown login. `account` is the login of the
        /// account tried when there is one (an unknown login is not repeated: it may be a password).
        case refused(account: String?, reason: String)
    }

    /// Checks `password` against the account's. An unknown login costs the same bcrypt work as a
    /// known one, so timing does not tell which logins exist.
    func signIn(login rawLogin: String, password: String, logger: Logger) async throws -> SignInOutcome {
        guard let login = StaffLogin.normalized(rawLogin), password.utf8.count <= StaffLogin.maximumPasswordBytes else {
            _ = try await verify(password, hash: dummy.value())
            return .refused(account: nil, reason: "unknown_login")
        }
        guard let credentials = try await users.credentials(login: login, logger: logger) else {
            _ = try await verify(password, hash: dummy.value())
            return .refused(account: nil, reason: "unknown_login")
        }
        guard try await verify(password, hash: credentials.passwordHash) else {
            return .refused(account: login, reason: "password")
        }
        return credentials.user.isDisabled ? .refused(account: login, reason: "disabled") : .signedIn(credentials.user)
    }

    /// 20 characters of base64url (120 random bits).
    public static func generatePassword() -> String {
        Data(SymmetricKey(size: .init(bitCount: 120)).withUnsafeBytes { Array($0) }).base64URLEncoded
    }

    // bcrypt takes a quarter of a second at cost 12: never on an event loop.
    private func hashPassword(_ password: String) async throws -> String {
        let cost = passwordCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    private func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

/// A bcrypt hash of nothing in particular, made once, to spend the same time on unknown logins.
private final class DummyHash: Sendable {
    private let cost: UInt8
    private let cached = Mutex<String?>(nil)

    init(cost: UInt8) {
        self.cost = cost
    }

    func value() async throws -> String {
        if let hash = cached.withLock({ $0 }) { return hash }
        let cost = self.cost
        let hash = try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.hash(StaffAccounts.generatePassword(), cost: cost)
        }
        cached.withLock { $0 = hash }
        return hash
    }
}
