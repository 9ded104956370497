import CivicCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Form versions in PostgreSQL: loaded from `Forms/` at start, never changed once stored.
public struct FormStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What happened to one form definition when it was synchronised.
    public enum SyncOutcome: String, Sendable {
        /// A new version, stored.
        case stored
        /// Stored before with the same content.
        case unchanged
        /// Stored before with the same Vietnamese text and questions: only translations, their
        /// status or the declared languages changed, and the stored definition now has them.
        case translationsUpdated
    }

    /// Stores every definition whose version is new; leaves identical ones alone; brings a stored
    /// version up to date when only its translations changed (a translator's import must not
    /// force a new form version: the questions asked are the same).
    /// - Throws: ``FormStoreError/changedUnderSameVersion(form:version:)`` when a stored version's
    ///   questions or Vietnamese text differ from the file (nothing is stored then: one
    ///   transaction for all).
    @discardableResult
    public func synchronise(_ definitions: [FormDefinition], logger: Logger) async throws -> [String: SyncOutcome] {
        let rows = try definitions.map { definition in
            let json = try definition.canonicalJSON()
            let digest = SHA256.hash(data: json).hexadecimal
            return (definition, String(decoding: json, as: UTF8.self), digest)
        }
        return try await database.withTransaction(logger: logger) { connection in
            var outcomes: [String: SyncOutcome] = [:]
            for (definition, json, digest) in rows {
                let label = "\(definition.id) v\(definition.version)"
                try await connection.query("""
                    INSERT INTO forms (id, kind)
                    VALUES (\(definition.id), \(definition.kind.rawValue))
                    ON CONFLICT (id) DO NOTHING
                    """, logger: logger)
                // ON CONFLICT DO NOTHING also settles two servers loading the same version at once.
                let inserted = try await connection.query("""
                    INSERT INTO form_versions (form_id, version, definition, digest)
                    VALUES (\(definition.id), \(definition.version), \(json)::jsonb, \(digest))
                    ON CONFLICT (form_id, version) DO NOTHING
                    RETURNING version
                    """, logger: logger)
                var isNew = false
                for try await _ in inserted { isNew = true }
                if isNew {
                    for (position, scored) in definition.scoredQuestions.enumerated() {
                        try await connection.query("""
                            INSERT INTO form_questions
                                (form_id, version, question_id, position, question_type, element, scale, satisfied_values)
                            VALUES
                                (\(definition.id), \(definition.version), \(scored.questionID), \(position), 'scale',
                                 \(scored.element?.rawValue), \(scored.scaleName), \(scored.satisfiedValues))
                            """, logger: logger)
                    }
                    outcomes[label] = .stored
                    continue
                }
                let stored = try await connection.query("""
                    SELECT digest, definition::text
                    FROM form_versions
                    WHERE form_id = \(definition.id) AND version = \(definition.version)
                    FOR UPDATE
                    """, logger: logger)
                var outcome = SyncOutcome.unchanged
                for try await (storedDigest, storedJSON) in stored.decode((String, String).self) where storedDigest != digest {
                    let storedDefinition = try FormDefinition(canonicalJSON: Data(storedJSON.utf8))
                    guard storedDefinition.baseLanguageProjection == definition.baseLanguageProjection else {
                        throw FormStoreError.changedUnderSameVersion(form: definition.id, version: definition.version)
                    }
                    outcome = .translationsUpdated
                }
                if outcome == .translationsUpdated {
                    try await connection.query("""
                        UPDATE form_versions
                        SET definition = \(json)::jsonb,
                            digest = \(digest)
                        WHERE form_id = \(definition.id) AND version = \(definition.version)
                        """, logger: logger)
                }
                outcomes[label] = outcome
            }
            return outcomes
        }
    }

    /// When a form version was first stored here: a response cannot have been given to it earlier
    /// (a claimed `submittedAt` is checked against it). Nil when the version is not stored.
    public func versionStoredAt(formID: String, version: Int, logger: Logger) async throws -> Date? {
        try await database.query("""
            SELECT loaded_at
            FROM form_versions
            WHERE form_id = \(formID)
              AND version = \(version)
            """, logger: logger) { try $0.decode(Date.self) }.first
    }

    /// Every stored version of every form, so responses to an older version can still be
    /// validated and counted against the questions they answered.
    public func allVersions(logger: Logger) async throws -> [FormDefinition] {
        try await database.query("""
            SELECT definition::text
            FROM form_versions
            ORDER BY form_id, version
            """, logger: logger) { row in
            try FormDefinition(canonicalJSON: Data(try row.decode(String.self).utf8))
        }
    }
}

/// Why form definitions could not be stored.
public enum FormStoreError: Error, Sendable, CustomStringConvertible, Equatable {
    case changedUnderSameVersion(form: String, version: Int)

    public var description: String {
        switch self {
        case .changedUnderSameVersion(let form, let version):
            "form \(form) version \(version) is already stored with other questions or Vietnamese text: "
                + "give the changed form a new version number (responses keep pointing at the version they answered; "
                + "translations alone may change under the same version)"
        }
    }
}
