import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, keeping repeated names (a multiple
/// choice question posts one field per ticked box).
///
/// Written here because Hummingbird's URLEncodedFormDecoder decodes into fixed Decodable types and
/// does not keep repeated keys; a form's questions are data, known only at run time.
struct URLEncodedFields: Sendable {
    private(set) var values: [String: [String]] = [:]

    struct InvalidEncoding: Error {}

    /// - Throws: ``InvalidEncoding`` for a bad percent escape or bytes that are not UTF-8.
    init(_ body: String) throws {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    init(values: [String: [String]]) { self.values = values }

    subscript(name: String) -> String? { values[name]?.first }

    private static func decode(_ text: Substring) throws -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        guard let decoded = spaced.removingPercentEncoding else { throw InvalidEncoding() }
        return decoded
    }
}
