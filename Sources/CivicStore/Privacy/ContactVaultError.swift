import Foundation

/// Why contact details could not be stored or read. Never carries a contact detail.
public enum ContactVaultError: Error, Sendable, Hashable, CustomStringConvertible {
    /// DATA_KEYS is empty: nothing can be encrypted.
    case noDataKeys
    /// A row was encrypted under a key id that DATA_KEYS no longer lists.
    case unknownKey(String)
    /// A ciphertext failed authentication (changed, or moved from another row).
    case corrupt(UUID)

    public var description: String {
        switch self {
        case .noDataKeys: "DATA_KEYS is not set: contact details cannot be encrypted or read"
        case .unknownKey(let id): "data key '\(id)' is not in DATA_KEYS: add it back (after the current key) to read its rows"
        case .corrupt(let id): "record \(id.uuidString.lowercased()) failed authentication: its ciphertext was changed"
        }
    }
}
