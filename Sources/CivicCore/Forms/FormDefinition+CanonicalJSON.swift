import Foundation

extension FormDefinition {
    /// A deterministic JSON serialisation of the whole definition, for hashing and storage.
    ///
    /// Guarantees: equal definitions give byte-identical output (keys sorted at every level,
    /// arrays in form order, no insignificant white space, numbers in their plain decimal
    /// spelling), and decoding it with ``init(canonicalJSON:)`` gives an equal definition. The
    /// store hashes this to refuse a changed form under an existing version. Any change to the
    /// encoding changes every hash, so treat this format as stable.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes a definition written by ``canonicalJSON()`` (or any JSON of the same shape).
    public init(canonicalJSON data: Data) throws {
        self = try JSONDecoder().decode(FormDefinition.self, from: data)
    }
}
