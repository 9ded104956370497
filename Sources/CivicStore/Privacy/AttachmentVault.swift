import CivicCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Attachments at rest: each file sealed with AES-GCM under the current data key (DATA_KEYS),
/// bound to its id, like contact details (``ContactVault``), so a database dump or backup shows no
/// citizen's document. Reads are audited by the caller before the file is opened; erasure goes
/// with the contact details of the same item (``ContactVault/erase(_:by:logger:)``).
public struct AttachmentVault: Sendable {
    public let database: Database
    let ring: DataKeyRing

    /// - Throws: ``ContactVaultError/noDataKeys`` when `keys` is empty.
    public init(database: Database, keys: [DataKey]) throws(ContactVaultError) {
        self.database = database
        self.ring = try DataKeyRing(keys)
    }

    /// A file sealed for storage, with its plaintext size.
    public struct Sealed: Sendable {
        public let keyID: String
        public let nonce: Data
        public let ciphertext: Data
        public let size: Int
    }

    public func seal(_ bytes: [UInt8], attachmentID: UUID) throws -> Sealed {
        let sealed = try ring.sealAttachment(bytes, id: attachmentID)
        return Sealed(keyID: sealed.keyID, nonce: sealed.nonce, ciphertext: sealed.ciphertext, size: bytes.count)
    }

    /// A stored file as read, still sealed (or, for a row from before 0011 not yet sealed, plain).
    public struct Stored: Sendable {
        public let id: UUID
        public let fileName: String
        public let mediaType: String
        fileprivate let sealed: DataKeyRing.Sealed?
        fileprivate let plaintext: ByteBuffer?
    }

    /// The attachment `id` of item `itemID`, not yet opened; nil when there is none or it was erased.
    public func read(id: UUID, itemID: UUID, logger: Logger) async throws -> Stored? {
        try await database.query("""
            SELECT file_name, media_type, key_id, nonce, ciphertext, content
            FROM feedback_attachments
            WHERE id = \(id) AND item_id = \(itemID) AND erased_at IS NULL
            """, logger: logger) { row in
            let (name, type, keyID, nonce, ciphertext, content) =
                try row.decode((String, String, String?, Data?, Data?, ByteBuffer?).self)
            let sealed = keyID.flatMap { key in nonce.flatMap { n in ciphertext.map { DataKeyRing.Sealed(keyID: key, nonce: n, ciphertext: $0) } } }
            return Stored(id: id, fileName: name, mediaType: type, sealed: sealed, plaintext: content)
        }.first
    }

    /// The file's bytes.
    /// - Throws: ``ContactVaultError`` when its key is not configured or the ciphertext was altered.
    public func open(_ stored: Stored) throws -> ByteBuffer {
        if let sealed = stored.sealed { return ByteBuffer(bytes: try ring.openAttachment(sealed, id: stored.id)) }
        return stored.plaintext ?? ByteBuffer()
    }

    /// Seals the rows stored in plain before 0011, a batch per transaction (rows another server is
    /// sealing are skipped), and re-seals under the current key the rows of older keys when
    /// `rotating`. Each row's plaintext `content` is cleared in the same update.
    /// - Returns: how many rows were sealed.
    public func sealPlaintext(rotating: Bool = false, batchSize: Int = 20, logger: Logger) async throws -> Int {
        let ring = self.ring
        var total = 0
        while true {
            let count = try await database.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    SELECT id, content, key_id, nonce, ciphertext
                    FROM feedback_attachments
                    WHERE erased_at IS NULL
                      AND (content IS NOT NULL OR (\(rotating)::boolean AND key_id <> \(ring.currentID)))
                    ORDER BY id
                    LIMIT \(batchSize)
                    FOR UPDATE SKIP LOCKED
                    """, logger: logger)
                var batch: [(UUID, [UInt8])] = []
                for try await (id, content, keyID, nonce, ciphertext) in rows.decode((UUID, ByteBuffer?, String?, Data?, Data?).self) {
                    if let content {
                        batch.append((id, Array(buffer: content)))
                    } else if let keyID, let nonce, let ciphertext {
                        batch.append((id, try ring.openAttachment(.init(keyID: keyID, nonce: nonce, ciphertext: ciphertext), id: id)))
                    }
                }
                for (id, bytes) in batch {
                    let sealed = try ring.sealAttachment(bytes, id: id)
                    try await connection.query("""
                        UPDATE feedback_attachments
                        SET content = NULL,
                            key_id = \(sealed.keyID),
                            nonce = \(sealed.nonce),
                            ciphertext = \(sealed.ciphertext)
                        WHERE id = \(id)
                        """, logger: logger)
                }
                return batch.count
            }
            total += count
            if count < batchSize { return total }
        }
    }
}
