import Foundation
import PostgresNIO
import _ConnectionPoolModule

/// Failures the layers above must tell apart, free of PostgresNIO's types.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database could not be reached or did not answer in time; retrying later may work.
    case unavailable(String)
    /// A uniqueness rule was broken (SQLSTATE 23505), naming the constraint.
    case uniqueViolation(constraint: String?)
    /// Two transactions touched the same rows and this one lost (SQLSTATE 40001 or 40P01).
    case conflict

    public var description: String {
        switch self {
        case .unavailable(let reason): "database unavailable: \(reason)"
        case .uniqueViolation(let constraint): "unique violation on \(constraint ?? "unknown constraint")"
        case .conflict: "serialization conflict"
        }
    }

    /// Turns connection-level failures into ``unavailable(_:)`` and known SQLSTATEs into cases;
    /// anything else is returned unchanged. Classified by code, never by message text (STACK-NOTES 3).
    static func classify(_ error: any Error) -> any Error {
        if let error = error as? StoreError { return error }
        if error is CancellationError { return error }
        if let pool = error as? ConnectionPoolError {
            return StoreError.unavailable("connection pool: \(pool)")
        }
        guard let psql = error as? PSQLError else { return error }
        switch psql.code {
        case .server:
            switch psql.serverInfo?[.sqlState] {
            case "23505": return StoreError.uniqueViolation(constraint: psql.serverInfo?[.constraintName])
            case "40001", "40P01": return StoreError.conflict
            // read_only_sql_transaction: connected to a standby (during a failover): not writable now.
            case "25006": return StoreError.unavailable("the database is read-only (a standby)")
            // Class 57P: the server is shutting down or restarting (admin_shutdown, crash_shutdown, cannot_connect_now).
            case let state? where state.hasPrefix("57P"): return StoreError.unavailable("server \(state)")
            // Class 08: connection exceptions.
            case let state? where state.hasPrefix("08"): return StoreError.unavailable("connection \(state)")
            default: return psql
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
             .sslUnsupported, .failedToAddSSLHandler:
            return StoreError.unavailable("\(psql.code)")
        default:
            return psql
        }
    }
}

extension StoreError {
    /// What may be logged of an unexpected error: for a PostgreSQL error its SQLSTATE, the names
    /// the server gives (table, column, constraint), where the query was sent from and the text of
    /// the statement, which holds no values (every value is bound); never the bound values nor the
    /// server's message and detail, which quote them ("Key (login)=(lan) already exists", "invalid
    /// input syntax … \"…\""). `String(reflecting:)` of a PSQLError prints both.
    public static func logDescription(_ error: any Error) -> String {
        guard let psql = error as? PSQLError else {
            if let transaction = error as? PostgresTransactionError {
                return logDescription(transaction.closureError ?? transaction.beginError ?? transaction.commitError
                    ?? transaction.rollbackError ?? StoreError.unavailable("transaction"))
            }
            return String(reflecting: error)
        }
        var parts = ["PSQLError \(psql.code)"]
        if let info = psql.serverInfo {
            parts.append("SQLSTATE \(info[.sqlState] ?? "?")")
            for (field, name) in [(PSQLError.ServerInfo.Field.schemaName, "schema"), (.tableName, "table"),
                                  (.columnName, "column"), (.constraintName, "constraint")] {
                if let value = info[field] { parts.append("\(name) \(value)") }
            }
        }
        if let file = psql.file { parts.append("sent from \(file):\(psql.line ?? 0)") }
        if let query = psql.query {
            let sql = query.sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            parts.append("statement: \(sql.prefix(500))")
        }
        return parts.joined(separator: "; ")
    }
}
