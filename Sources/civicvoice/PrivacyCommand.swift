import ArgumentParser
import CivicCore
import CivicStore
import Foundation
import Logging

/// `civicvoice privacy export|erase|rotate`: a data subject's requests, and key rotation.
struct PrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Export or erase one person's contact details; re-encrypt under the current data key.",
        discussion: """
            Needs DATA_KEYS. Answers and statistics are never touched: only contact details, and the \
            attachments of the feedback items they belong to.
            """,
        subcommands: [PrivacyExport.self, PrivacyErase.self, PrivacyRotate.self]
    )
}

/// `--email` or `--phone`, exactly one.
struct PersonOptions: ParsableArguments {
    @Option(help: "The person's email address.") var email: String?
    @Option(help: "The person's phone number (any spelling: +84 912 345 678, 0912.345.678).") var phone: String?

    func validate() throws {
        guard (email == nil) != (phone == nil) else { throw ValidationError("give exactly one of --email and --phone") }
    }

    func find(in vault: ContactVault, logger: Logger) async throws -> [ContactVault.Record] {
        if let email { return try await vault.find(email: email, logger: logger) }
        return try await vault.find(phone: phone ?? "", logger: logger)
    }
}

extension CommandEnvironment {
    static func vault(_ database: Database, _ configuration: AppConfiguration) throws -> ContactVault {
        try ContactVault(database: database, keys: configuration.dataKeys)
    }
}

struct PrivacyExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print one person's contact records as JSON (the export is audited).")

    @OptionGroup var person: PersonOptions

    struct Export: Encodable {
        struct Item: Encodable {
            let id: String
            let subjectKind: String
            let subjectID: String
            let consentedAt: String
            let createdAt: String
            let name: String?
            let phone: String?
            let email: String?
            let address: String?
        }

        let records: [Item]
    }

    func run() async throws {
        let person = self.person
        let export = try await CommandEnvironment.withDatabase { database, configuration, logger in
            let vault = try CommandEnvironment.vault(database, configuration)
            let records = try await person.find(in: vault, logger: logger)
            let formatter = ISO8601DateFormatter()
            var items: [Export.Item] = []
            for record in records {
                guard let details = try await vault.decrypt(record.id, logger: logger) else { continue }
                items.append(.init(id: record.id.uuidString.lowercased(), subjectKind: record.subject.kind,
                                   subjectID: record.subject.id.uuidString.lowercased(),
                                   consentedAt: formatter.string(from: record.consentedAt),
                                   createdAt: formatter.string(from: record.createdAt), name: details.name,
                                   phone: details.phone, email: details.email, address: details.address))
            }
            try await vault.recordExport(records.map(\.id), by: CommandEnvironment.actor, logger: logger)
            return Export(records: items)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(export), as: UTF8.self))
    }
}

struct PrivacyErase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase one person's contact details and their items' attachments; prints how many records were erased.")

    @OptionGroup var person: PersonOptions

    func run() async throws {
        let person = self.person
        let count = try await CommandEnvironment.withDatabase { database, configuration, logger in
            let vault = try CommandEnvironment.vault(database, configuration)
            let records = try await person.find(in: vault, logger: logger)
            return try await vault.erase(records.map(\.id), by: CommandEnvironment.actor, logger: logger)
        }
        print("erased \(count)")
    }
}

struct PrivacyRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Re-encrypt every contact record and attachment under the current (first) key of DATA_KEYS.",
        discussion: "Afterwards the older keys can be removed from DATA_KEYS."
    )

    func run() async throws {
        let (count, files) = try await CommandEnvironment.withDatabase { database, configuration, logger in
            let count = try await CommandEnvironment.vault(database, configuration).rotate(by: CommandEnvironment.actor,
                                                                                           logger: logger)
            let files = try await AttachmentVault(database: database, keys: configuration.dataKeys)
                .sealPlaintext(rotating: true, logger: logger)
            return (count, files)
        }
        print("re-encrypted \(count)")
        print("re-encrypted attachments \(files)")
    }
}
