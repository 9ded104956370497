import Foundation

/// One key of `DATA_KEYS`: the id stored beside every ciphertext it made, and 32 bytes of key
/// material. The material never appears in a description, so a key cannot leak into a log line.
public struct DataKey: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let material: [UInt8]

    public init(id: String, material: [UInt8]) {
        self.id = id
        self.material = material
    }

    public var description: String { "DataKey(\(id), 32 bytes redacted)" }

    /// Parses `k2:<base64 of 32 bytes>,k1:<base64 of 32 bytes>`: the first key is current (it
    /// encrypts), every key listed decrypts.
    ///
    /// Guarantees on success: at least one key, ids unique and made of letters, digits, `_` or `-`
    /// (1–32 characters), each key exactly 32 bytes.
    /// - Returns: the keys, or every reason the text is not a valid key list.
    public static func parseList(_ text: String) -> Result<[DataKey], DataKeyListError> {
        var keys: [DataKey] = []
        var reasons: [String] = []
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, entry) in entries.enumerated() {
            let position = "key \(index + 1)"
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                reasons.append("\(position) must be written id:base64key")
                continue
            }
            let id = String(parts[0])
            guard (1...32).contains(id.count),
                  id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                reasons.append("\(position): the id must be 1-32 letters, digits, '_' or '-'")
                continue
            }
            guard let material = Data(base64Encoded: String(parts[1])) else {
                reasons.append("key \(id) is not valid base64")
                continue
            }
            guard material.count == 32 else {
                reasons.append("key \(id) must be 32 bytes, got \(material.count)")
                continue
            }
            if keys.contains(where: { $0.id == id }) {
                reasons.append("key id \(id) is listed twice")
                continue
            }
            keys.append(DataKey(id: id, material: Array(material)))
        }
        guard reasons.isEmpty else { return .failure(DataKeyListError(reasons: reasons)) }
        return .success(keys)
    }
}

/// Why a `DATA_KEYS` value was refused (never quoting the key material).
public struct DataKeyListError: Error, Sendable, Hashable {
    public let reasons: [String]
}
