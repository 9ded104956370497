import Foundation
import MultipartKit
import NIOCore

/// The text fields and files of a `multipart/form-data` body (a form with file inputs), parsed
/// with MultipartKit's streaming parser.
struct MultipartFields: Sendable {
    private(set) var fields: [String: [String]] = [:]
    private(set) var files: [(field: String, name: String, bytes: [UInt8])] = []

    struct Invalid: Error {}

    /// - Throws: ``Invalid`` for a missing boundary, a malformed body, or a text field that is not UTF-8.
    init(body: ByteBuffer, contentType: String) throws {
        guard let boundary = Self.boundary(in: contentType) else { throw Invalid() }
        let parser = MultipartParser(boundary: boundary)
        var headers: [(String, String)] = []
        var partBody = ByteBuffer()
        var parts: [(headers: [(String, String)], body: ByteBuffer)] = []
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in partBody.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((headers, partBody))
            headers = []
            partBody = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw Invalid()
        }
        for part in parts {
            guard let disposition = part.headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1,
                  let name = Self.parameter("name", in: disposition) else { continue }
            if let fileName = Self.parameter("filename", in: disposition) {
                // An empty file input still sends a part, with no name and no bytes.
                if fileName.isEmpty && part.body.readableBytes == 0 { continue }
                files.append((field: name, name: fileName, bytes: Array(part.body.readableBytesView)))
            } else {
                guard let text = String(validating: part.body.readableBytesView, as: UTF8.self) else { throw Invalid() }
                fields[name, default: []].append(text)
            }
        }
    }

    subscript(name: String) -> String? { fields[name]?.first }

    static func boundary(in contentType: String) -> String? {
        parameter("boundary", in: contentType)
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return value
        }
        return nil
    }
}
