import CivicCore
import Hummingbird

/// A form posted to a staff page, read once (house's ``FormBody``: the same size limit and UTF-8
/// check as every other form) as `application/x-www-form-urlencoded` fields, accepted only with
/// the CSRF token of the path it posts to, bound to the signed-in session
/// (``StaffAccess/csrfAction(_:)``) when there is one. Every console form goes through here, so
/// none can skip the check.
enum StaffForm {
    static let maximumBodySize = 64 * 1024

    enum Reading: Sendable {
        case fields(URLEncodedFields)
        /// The page answering instead: 400 for a body that is not a form, 403 for a missing or
        /// forged token (both in the reader's language, linking `back`).
        case refused(Response)
    }

    static func read(_ request: Request, access: StaffAccess?, pages: StaffPageRenderer, back: String,
                     limit: Int = maximumBodySize) async -> Reading {
        guard let fields = try? await FormBody.read(request, limit: limit).fields else {
            return .refused(pages.badForm(request, access: access, back: back))
        }
        guard pages.csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                                 action: access?.csrfAction(request.uri.path) ?? request.uri.path) else {
            return .refused(pages.csrfRefused(request, access: access, back: back))
        }
        return .fields(fields)
    }
}

extension URLEncodedFields {
    /// The field as typed, NFC-normalised and trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = self[name].map(VietnameseText.cleanedInput), !value.isEmpty else { return nil }
        return value
    }
}
