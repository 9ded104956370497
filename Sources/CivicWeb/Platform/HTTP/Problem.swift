import Foundation
import HTTPTypes
import Hummingbird

/// RFC 9457 problem details, served as `application/problem+json`: the one error shape of the API.
public struct Problem: HTTPResponseError, Encodable, Sendable {
    public let status: HTTPResponse.Status
    public let title: String
    public let detail: String?
    /// Extra members, e.g. `errors` (field errors) or `allowed` (legal transitions).
    public var extensions: [String: ProblemValue]
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, title: String, detail: String? = nil,
                extensions: [String: ProblemValue] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.title = title
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { self.stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode("about:blank", forKey: .init("type"))
        try container.encode(title, forKey: .init("title"))
        try container.encode(Int(status.code), forKey: .init("status"))
        try container.encodeIfPresent(detail, forKey: .init("detail"))
        for (key, value) in extensions.sorted(by: { $0.key < $1.key }) {
            try container.encode(value, forKey: .init(key))
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(self))))
    }
}

/// A JSON value inside a problem document.
public enum ProblemValue: Encodable, Sendable {
    case string(String)
    case int(Int)
    case strings([String])
    case objects([[String: String]])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        case .objects(let value): try container.encode(value)
        }
    }
}
