import CivicCore
import Crypto
import Foundation

/// One `Migrations/NNNN_name.sql` file: forward-only, applied once, identified by its version.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex: an applied migration whose file changed is refused.
    public let checksum: String

    /// `0001_init` for messages and logs.
    public var label: String { String(format: "%04d_%@", version, name) }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).hexadecimal
    }

    /// Reads every `NNNN_name.sql` in `directory`, sorted by version.
    /// - Throws: ``MigrationError`` for a `.sql` file whose name does not fit the pattern, two files
    ///   with one version, an unreadable file, or a missing directory.
    public static func load(directory: URL) throws -> [Migration] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MigrationError.directoryMissing(directory.path)
        }
        let names = try fileManager.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for file in names.sorted() {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"),
                  stem[..<underscore].count == 4,
                  let version = Int(stem[..<underscore]),
                  version > 0,
                  !stem[stem.index(after: underscore)...].isEmpty
            else { throw MigrationError.badFileName(file) }
            let name = String(stem[stem.index(after: underscore)...])
            guard let data = fileManager.contents(atPath: directory.appendingPathComponent(file).path),
                  let sql = String(data: data, encoding: .utf8)
            else { throw MigrationError.unreadable(file) }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw MigrationError.duplicateVersion(version, clash.label, file)
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}
