import CivicCore
import Hummingbird

/// A form posted to a staff page, read once (house's ``FormBody``: the same size limit and UTF-8
/// check as every other form) and accepted only with the CSRF token of the path it posts to,
/// bound to the signed-in session (``StaffAccess/csrfAction(_:)``) when there is one. Every
/// console form goes through here, so none can skip the check.
enum StaffForm {
    static let maximumBodySize = 64 * 1024

    /// A form refused before its handler could use it, with the page that answers instead: 400
    /// for a body that is not a form, 403 for a missing or forged token (both in the reader's
    /// language, linking back). ``StaffRouter`` answers with it, so a handler only `try`s.
    struct Refused: Error {
        let response: Response
    }

    /// The fields of an `application/x-www-form-urlencoded` post.
    /// - Parameter boundTo: what the token is bound to: the path posted to, or for a form whose
    ///   action carries its unit in the query (the gate reads it there), the path and that query.
    /// - Throws: ``Refused``.
    static func read(_ request: Request, access: StaffAccess?, pages: StaffPageRenderer, back: String,
                     limit: Int = maximumBodySize, boundTo: String? = nil) async throws(Refused) -> URLEncodedFields {
        let body: FormBody
        do {
            body = try await FormBody.read(request, limit: limit)
        } catch {
            throw Refused(response: pages.badForm(request, access: access, back: back))
        }
        try check(body.fields[CSRFProtection.fieldName], request, access: access, pages: pages, back: back,
                  action: boundTo ?? request.uri.path)
        return body.fields
    }

    /// The fields and files of a `multipart/form-data` post (an upload form).
    /// - Parameter tooLarge: the page for a body over `limit` (default: the unreadable-form page).
    /// - Throws: ``Refused``.
    static func upload(_ request: Request, access: StaffAccess, pages: StaffPageRenderer, back: String, limit: Int,
                       tooLarge: ((Request) -> Response)? = nil) async throws(Refused) -> FormBody {
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data") else {
            throw Refused(response: pages.badForm(request, access: access, back: back))
        }
        let body: FormBody
        do {
            body = try await FormBody.read(request, limit: limit, acceptsFiles: true)
        } catch .tooLarge {
            throw Refused(response: tooLarge?(request) ?? pages.badForm(request, access: access, back: back))
        } catch {
            throw Refused(response: pages.badForm(request, access: access, back: back))
        }
        try check(body.fields[CSRFProtection.fieldName], request, access: access, pages: pages, back: back)
        return body
    }

    private static func check(_ token: String?, _ request: Request, access: StaffAccess?, pages: StaffPageRenderer,
                              back: String, action: String? = nil) throws(Refused) {
        let action = action ?? request.uri.path
        guard pages.csrf.isValid(token: token, cookie: request.cookie(CSRFProtection.cookieName),
                                 action: access?.csrfAction(action) ?? action) else {
            throw Refused(response: pages.csrfRefused(request, access: access, back: back))
        }
    }
}

extension URLEncodedFields {
    /// The field as typed, NFC-normalised and trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = self[name].map(VietnameseText.cleanedInput), !value.isEmpty else { return nil }
        return value
    }

    /// The account forms' work email (the user's own page and an admin's page of the account):
    /// cleaned and validated by ``ContactDetails`` (NFC, trimmed, lower-case, one `@` and a dotted
    /// domain). Nil for a blank field, which asks to remove the address.
    /// - Throws: ``ContactDetailsError`` for an address that is not one.
    func staffEmail() throws(ContactDetailsError) -> ContactDetails? {
        guard let raw = text("email") else { return nil }
        return try ContactDetails(email: raw)
    }
}
