import ArgumentParser
import CivicCore
import CivicStore
import CivicWeb
import Foundation

/// `civicvoice tokens create|revoke|list`: bearer tokens for scripts.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "API tokens for scripts (sent as Authorization: Bearer …).",
        subcommands: [TokensCreate.self, TokensRevoke.self, TokensList.self]
    )
}

struct TokensCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a token for an account; the token is the last line printed, shown once.")

    @Argument var login: String
    @Option(help: "What the token is for.") var label: String = ""
    @Option(name: .customLong("expires-in-days"), help: "Days until it expires (1-3650).")
    var expiresInDays: Int = StaffAccounts.defaultTokenLifetimeDays

    func run() async throws {
        let (login, label, days) = (self.login, self.label, self.expiresInDays)
        let (token, secret) = try await CommandEnvironment.withDatabase { database, _, logger in
            try await StaffAccounts(database: database).createToken(login: login, label: label, days: days,
                                                                    by: CommandEnvironment.actor, logger: logger)
        }
        print("token \(token.id) for \(token.login), expires \(ISO8601DateFormatter().string(from: token.expiresAt))")
        print("it is shown once; store it now:")
        print(secret)
    }
}

struct TokensRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token, by its id or the token itself.")

    @Argument(help: "The token id (from tokens list) or the token.") var token: String

    func run() async throws {
        let reference = self.token
        let revoked = try await CommandEnvironment.withDatabase { database, _, logger in
            try await StaffAccounts(database: database).revokeToken(reference, by: CommandEnvironment.actor, logger: logger)
        }
        print(revoked.map { "revoked token \($0.id) of \($0.login)" } ?? "the token was already revoked")
    }
}

struct TokensList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an account's tokens (never the tokens themselves).")

    @Argument var login: String

    func run() async throws {
        let login = StaffLogin.normalized(self.login) ?? self.login
        let tokens = try await CommandEnvironment.withDatabase { database, _, logger in
            try await TokenStore(database: database).list(login: login, logger: logger)
        }
        let formatter = ISO8601DateFormatter()
        let now = ServiceClock.system.now()
        print(["id", "label", "status", "expires", "last used"].joined(separator: "\t"))
        for token in tokens {
            let status = token.revokedAt != nil ? "revoked" : token.expiresAt <= now ? "expired" : "active"
            print(["\(token.id)", token.label, status, formatter.string(from: token.expiresAt),
                   token.lastUsedAt.map(formatter.string(from:)) ?? "-"].joined(separator: "\t"))
        }
    }
}
