import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// The analytics routes' answers: JSON documents and CSV downloads.
enum AnalyticsResponse {
    /// `value` as JSON, slashes unescaped.
    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: OutputFormat.json.contentType, .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// The file as a download: `text/csv; charset=utf-8` (the writer puts the BOM first, so that
    /// Excel reads Vietnamese as UTF-8), `Content-Disposition: attachment`, and, for figures,
    /// `Data-As-Of` and `Data-Read-From` (a CSV row has no room for them).
    static func csv(_ writer: CSVWriter, filename: String, source: ReplicaRouter.Source? = nil) -> Response {
        var headers = downloadHeaders(.csv, filename: filename)
        if let source { headers.append(contentsOf: sourceHeaders(source)) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.data)))
    }

    static let dataAsOf = HTTPField.Name("Data-As-Of")!
    static let dataReadFrom = HTTPField.Name("Data-Read-From")!

    /// Where a download's rows were read and as of when.
    static func sourceHeaders(_ source: ReplicaRouter.Source) -> HTTPFields {
        [dataAsOf: DatedDocument<Int>.timestamp(source.asOf), dataReadFrom: source.place.rawValue]
    }

    static func downloadHeaders(_ format: OutputFormat, filename: String) -> HTTPFields {
        [.contentType: format.contentType, .contentDisposition: #"attachment; filename="\#(filename)""#,
         .cacheControl: "no-store"]
    }

    /// `satisfaction-LC.STP-2026-Q1.csv`: only letters, digits, `.`, `-` and `_` (a custom period's
    /// `/` becomes `_`), so the name needs no quoting rules.
    static func filename(_ parts: [String], format: OutputFormat) -> String {
        let name = parts.filter { !$0.isEmpty }.joined(separator: "-").map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character)) ? character : "_"
        }
        return String(name) + "." + format.fileExtension
    }
}
