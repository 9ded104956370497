/// Why migrations could not be read or applied. Each message names the file concerned.
public enum MigrationError: Error, Sendable, CustomStringConvertible, Equatable {
    case directoryMissing(String)
    case badFileName(String)
    case unreadable(String)
    case duplicateVersion(Int, String, String)
    case unsplittable(migration: String, reason: String)
    /// An applied migration's file no longer has the checksum it was applied with.
    case changedAfterApply(migration: String, applied: String, onDisk: String)
    /// The database has a migration this build does not know (an older build against a newer schema).
    case unknownApplied(version: Int, name: String)
    /// A statement failed; the transaction of that migration was rolled back.
    case statementFailed(migration: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .directoryMissing(let path):
            "migrations directory \(path) does not exist (set MIGRATIONS_DIR)"
        case .badFileName(let file):
            "migration file \(file) must be named NNNN_name.sql (four digits, from 0001)"
        case .unreadable(let file):
            "migration file \(file) cannot be read as UTF-8"
        case .duplicateVersion(let version, let first, let second):
            "migration version \(version) is used twice: \(first).sql and \(second)"
        case .unsplittable(let migration, let reason):
            "migration \(migration).sql cannot be split into statements: \(reason)"
        case .changedAfterApply(let migration, let applied, let onDisk):
            "migration \(migration).sql was changed after it was applied (checksum \(applied.prefix(12))… in the database, "
                + "\(onDisk.prefix(12))… on disk): never edit an applied migration, add a new one"
        case .unknownApplied(let version, let name):
            "the database has migration \(String(format: "%04d", version))_\(name) which this build does not have: "
                + "run a newer build"
        case .statementFailed(let migration, let line, let message):
            "migration \(migration).sql failed at the statement on line \(line): \(message)"
        }
    }
}
