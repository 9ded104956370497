import CivicCore
import Crypto
import Foundation

/// The keys of `DATA_KEYS`, each split by HKDF into an AES-256-GCM key for contact details, one
/// for attachments and a blind-index key.
///
/// Guarantees: sealing uses the current (first) key with a fresh random nonce and binds the
/// ciphertext to its contact id (associated data), so a ciphertext copied to another row fails to
/// open; blind indexes of one value differ per key and per field (email or phone).
struct DataKeyRing: Sendable {
    struct Keys: Sendable {
        let encryption: SymmetricKey
        let blindIndex: SymmetricKey
        let attachments: SymmetricKey
        /// Webhook subscriptions' signing secrets (Migrations/0029).
        let webhookSecrets: SymmetricKey
    }

    let currentID: String
    private let keys: [String: Keys]
    /// Key ids, current first.
    let ids: [String]

    init(_ dataKeys: [DataKey]) throws(ContactVaultError) {
        guard let current = dataKeys.first else { throw ContactVaultError.noDataKeys }
        var keys: [String: Keys] = [:]
        for key in dataKeys {
            let master = SymmetricKey(data: key.material)
            func derive(_ label: String) -> SymmetricKey {
                HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Data("civicvoice-contacts".utf8),
                                       info: Data(label.utf8), outputByteCount: 32)
            }
            keys[key.id] = Keys(encryption: derive("contact-encryption-v1"), blindIndex: derive("contact-blind-index-v1"),
                                attachments: derive("attachment-encryption-v1"),
                                webhookSecrets: derive("webhook-secret-v1"))
        }
        self.currentID = current.id
        self.keys = keys
        self.ids = dataKeys.map(\.id)
    }

    struct Sealed: Sendable {
        let keyID: String
        let nonce: Data
        let ciphertext: Data
    }

    func seal(_ details: ContactDetails, contactID: UUID) throws -> Sealed {
        guard let key = keys[currentID] else { throw ContactVaultError.unknownKey(currentID) }
        let plaintext = try JSONEncoder.sorted.encode(details)
        let box = try AES.GCM.seal(plaintext, using: key.encryption, nonce: AES.GCM.Nonce(),
                                   authenticating: Self.associatedData(contactID))
        return Sealed(keyID: currentID, nonce: Data(box.nonce), ciphertext: box.ciphertext + box.tag)
    }

    func open(_ sealed: Sealed, contactID: UUID) throws -> ContactDetails {
        guard let key = keys[sealed.keyID] else { throw ContactVaultError.unknownKey(sealed.keyID) }
        guard sealed.ciphertext.count >= 16 else { throw ContactVaultError.corrupt(contactID) }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: sealed.nonce),
                                            ciphertext: sealed.ciphertext.dropLast(16), tag: sealed.ciphertext.suffix(16))
            let plaintext = try AES.GCM.open(box, using: key.encryption, authenticating: Self.associatedData(contactID))
            return try JSONDecoder().decode(ContactDetails.self, from: plaintext)
        } catch {
            throw ContactVaultError.corrupt(contactID)
        }
    }

    /// Seals a file's bytes under the current key, bound to the attachment's id.
    func sealAttachment(_ bytes: [UInt8], id: UUID) throws -> Sealed {
        guard let key = keys[currentID] else { throw ContactVaultError.unknownKey(currentID) }
        let box = try AES.GCM.seal(bytes, using: key.attachments, nonce: AES.GCM.Nonce(),
                                   authenticating: Data("attachments:\(id.uuidString.lowercased())".utf8))
        return Sealed(keyID: currentID, nonce: Data(box.nonce), ciphertext: box.ciphertext + box.tag)
    }

    func openAttachment(_ sealed: Sealed, id: UUID) throws -> [UInt8] {
        guard let key = keys[sealed.keyID] else { throw ContactVaultError.unknownKey(sealed.keyID) }
        guard sealed.ciphertext.count >= 16 else { throw ContactVaultError.corrupt(id) }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: sealed.nonce),
                                            ciphertext: sealed.ciphertext.dropLast(16), tag: sealed.ciphertext.suffix(16))
            return Array(try AES.GCM.open(box, using: key.attachments,
                                          authenticating: Data("attachments:\(id.uuidString.lowercased())".utf8)))
        } catch {
            throw ContactVaultError.corrupt(id)
        }
    }

    /// Seals a webhook subscription's signing secret under the current key, bound to its id.
    func sealWebhookSecret(_ secret: String, subscriptionID: UUID) throws -> Sealed {
        guard let key = keys[currentID] else { throw ContactVaultError.unknownKey(currentID) }
        let box = try AES.GCM.seal(Data(secret.utf8), using: key.webhookSecrets, nonce: AES.GCM.Nonce(),
                                   authenticating: Self.webhookData(subscriptionID))
        return Sealed(keyID: currentID, nonce: Data(box.nonce), ciphertext: box.ciphertext + box.tag)
    }

    func openWebhookSecret(_ sealed: Sealed, subscriptionID: UUID) throws -> String {
        guard let key = keys[sealed.keyID] else { throw ContactVaultError.unknownKey(sealed.keyID) }
        let plain = try Self.open(sealed, key: key.webhookSecrets, authenticating: Self.webhookData(subscriptionID),
                                  id: subscriptionID)
        return String(decoding: plain, as: UTF8.self)
    }

    /// Opens an AES-GCM box stored as nonce + ciphertext‖tag; any failure is ``ContactVaultError/corrupt(_:)``.
    private static func open(_ sealed: Sealed, key: SymmetricKey, authenticating data: Data, id: UUID) throws -> Data {
        guard sealed.ciphertext.count >= 16 else { throw ContactVaultError.corrupt(id) }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: sealed.nonce),
                                            ciphertext: sealed.ciphertext.dropLast(16), tag: sealed.ciphertext.suffix(16))
            return try AES.GCM.open(box, using: key, authenticating: data)
        } catch {
            throw ContactVaultError.corrupt(id)
        }
    }

    private static func webhookData(_ id: UUID) -> Data {
        Data("webhook-subscriptions:\(id.uuidString.lowercased())".utf8)
    }

    enum Field: String {
        case email, phone
    }

    /// The blind index of an already normalised value under key `keyID` (the current key by default).
    func blindIndex(_ value: String, field: Field, keyID: String? = nil) -> Data? {
        guard let key = keys[keyID ?? currentID] else { return nil }
        return Data(HMAC<SHA256>.authenticationCode(for: Data("\(field.rawValue):\(value)".utf8), using: key.blindIndex))
    }

    /// The blind index under every key, to find rows whichever key wrote them.
    func blindIndexes(_ value: String, field: Field) -> [Data] {
        ids.compactMap { blindIndex(value, field: field, keyID: $0) }
    }

    private static func associatedData(_ contactID: UUID) -> Data {
        Data("contacts:\(contactID.uuidString.lowercased())".utf8)
    }
}
