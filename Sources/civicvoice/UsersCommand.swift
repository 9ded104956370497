import ArgumentParser
import CivicCore
import CivicStore
import CivicWeb
import Foundation

/// `civicvoice users add|grant|disable|list`: staff accounts.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Create staff accounts, grant roles on units, disable accounts.",
        subcommands: [UsersAdd.self, UsersGrant.self, UsersDisable.self, UsersList.self]
    )
}

struct UsersAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create an account with one grant; prints a generated password unless --password-stdin.",
        discussion: """
            admin: everything, everywhere (--unit is optional and informative, e.g. the province).
            analyst: metrics and reports for the unit's subtree. handler: feedback (PAKN) for the unit's subtree.
            clerk: paper forms typed in with the day they were given (submittedAt) for the unit's subtree.
            The first administrator: civicvoice users add admin --role admin
            """
    )

    @Argument(help: "Login: 2-64 characters, a-z, 0-9, '.', '_' or '-'.") var login: String
    @Option(help: "admin, analyst, handler, clerk or leader.") var role: StaffRole
    @Option(help: "Code of the unit the grant reaches (required for analyst, handler and clerk).") var unit: String?
    @Option(help: "Display name (default: the login).") var name: String?
    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    func run() async throws {
        var password: String?
        if passwordStdin {
            guard let line = readLine(strippingNewline: true) else {
                throw CommandEnvironment.fail(AccountError.invalidPassword("no password on standard input"))
            }
            password = line
        }
        let (login, role, unit, name, given) = (self.login, self.role, self.unit, self.name, password)
        let (user, generated) = try await CommandEnvironment.withDatabase { database, _, logger in
            try await StaffAccounts(database: database).addUser(
                login: login, displayName: name, role: role, unitCode: unit, password: given,
                by: CommandEnvironment.actor, logger: logger)
        }
        print("created \(user.login) (\(role.rawValue)\(unit.map { " on \($0)" } ?? ""))")
        if let generated {
            print("password (shown once; sign in at /staff/login):")
            print(generated)
        }
    }
}

struct UsersGrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant", abstract: "Add a (role, unit) grant to an account.")

    @Argument var login: String
    @Option(help: "admin, analyst, handler, clerk or leader.") var role: StaffRole
    @Option(help: "Code of the unit the grant reaches (required for analyst, handler and clerk).") var unit: String?

    func run() async throws {
        let (login, role, unit) = (self.login, self.role, self.unit)
        let added = try await CommandEnvironment.withDatabase { database, _, logger in
            try await StaffAccounts(database: database).grant(login: login, role: role, unitCode: unit,
                                                              by: CommandEnvironment.actor, logger: logger)
        }
        print(added ? "granted \(role.rawValue)\(unit.map { " on \($0)" } ?? "") to \(login)" : "\(login) already has that grant")
    }
}

struct UsersDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account: its sessions end and its tokens stop working.")

    @Argument var login: String

    func run() async throws {
        let login = self.login
        let changed = try await CommandEnvironment.withDatabase { database, _, logger in
            try await StaffAccounts(database: database).disable(login: login, by: CommandEnvironment.actor, logger: logger)
        }
        print(changed ? "disabled \(login)" : "\(login) was already disabled")
    }
}

struct UsersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts and their grants.")

    func run() async throws {
        let users = try await CommandEnvironment.withDatabase { database, _, logger in
            try await UserStore(database: database).list(logger: logger)
        }
        print(["login", "name", "status", "grants"].joined(separator: "\t"))
        for (user, grants) in users {
            let grantText = grants.map { "\($0.role.rawValue)\($0.unitCode.map { "@\($0)" } ?? "")" }.joined(separator: ",")
            print([user.login, user.displayName, user.isDisabled ? "disabled" : "active", grantText].joined(separator: "\t"))
        }
    }
}
