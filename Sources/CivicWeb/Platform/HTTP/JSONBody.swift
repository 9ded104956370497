import Foundation
import HTTPTypes
import Hummingbird

/// Reading a JSON request body with the API's error contract: 415 for another content type, 413
/// over the limit, 400 for bytes that are not JSON.
enum JSONBody {
    static func object(_ request: Request, limit: Int) async throws -> [String: JSONValue] {
        let data = try await bytes(request, limit: limit)
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(data))
        } catch {
            throw Problem(status: .badRequest, title: "Invalid JSON",
                          detail: "The body is not valid JSON: \(error.reason) at byte \(error.offset).")
        }
        guard case .object(let object) = value else {
            throw Problem(status: .unprocessableContent, title: "Invalid request",
                          detail: "The body must be a JSON object.")
        }
        return object
    }

    /// The body's bytes, checked to be declared as JSON, within `limit` and valid UTF-8.
    static func bytes(_ request: Request, limit: Int) async throws -> Data {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/json" else {
            throw Problem(status: .unsupportedMediaType, title: "Unsupported media type",
                          detail: "Send the body as application/json.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem(status: .contentTooLarge, title: "Body too large",
                          detail: "The body must be at most \(limit / 1024) KiB.")
        }
        let data = Data(buffer: buffer)
        guard String(validating: data, as: UTF8.self) != nil else {
            throw Problem(status: .badRequest, title: "Invalid encoding", detail: "The body is not valid UTF-8.")
        }
        return data
    }
}

/// Any JSON value, so that a body can be checked field by field and every problem reported at once.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The value, and its text as sent (for decimals that a Double would round).
    case number(Double, text: String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
