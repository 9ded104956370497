import Hummingbird
import NIOCore

/// A form post's body, read the same way for every form: collected up to a size, then URL-encoded
/// fields (or, for a form that takes files, multipart fields and files) whose text is valid UTF-8.
struct FormBody: Sendable {
    let fields: URLEncodedFields
    /// Files of a multipart post: the form field, the file name as sent, the bytes.
    let files: [(field: String, name: String, bytes: [UInt8])]

    enum Refusal: Error, Sendable {
        /// The body is longer than the limit (or could not be read whole).
        case tooLarge
        /// Not UTF-8, a bad percent escape, or a malformed multipart body.
        case unreadable
    }

    /// Reads the request's body.
    /// - Parameter acceptsFiles: read `multipart/form-data` too (the PAKN form's attachments).
    static func read(_ request: Request, limit: Int, acceptsFiles: Bool = false) async throws(Refusal) -> FormBody {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            throw .tooLarge
        }
        let contentType = request.headers[.contentType] ?? ""
        if acceptsFiles, contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let multipart = try? MultipartFields(body: body, contentType: contentType) else { throw .unreadable }
            return FormBody(fields: URLEncodedFields(values: multipart.fields), files: multipart.files)
        }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self),
              let fields = try? URLEncodedFields(text) else { throw .unreadable }
        return FormBody(fields: fields, files: [])
    }
}
