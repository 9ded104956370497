import CivicCore
import Foundation

/// Reads typed fields of a submission's JSON object, collecting an error per unknown, missing or
/// mistyped field, so that one reply lists every problem of the body (the responses and the
/// feedback API).
struct JSONFieldReader {
    let body: [String: JSONValue]
    var errors: [SubmissionService.FieldError] = []

    /// Starts with an `unknown_field` error for each member not in `knownFields`.
    init(body: [String: JSONValue], knownFields: Set<String>) {
        self.body = body
        for key in body.keys.sorted() where !knownFields.contains(key) {
            errors.append(.init(field: key, code: "unknown_field"))
        }
    }

    /// A string member, NFC-normalised.
    mutating func string(_ key: String, required: Bool) -> String? {
        switch body[key] {
        case .string(let text)?: return VietnameseText.nfc(text)
        case nil, .null?:
            if required { errors.append(.init(field: key, code: "required")) }
            return nil
        case let other?:
            errors.append(.init(field: key, code: "wrong_type", parameters: ["expected": "string", "got": other.typeName]))
            return nil
        }
    }

    /// A required UUID member: the client-made id that makes a resend safe.
    mutating func uuid(_ key: String) -> UUID? {
        guard let text = string(key, required: true) else { return nil }
        guard let id = UUID(uuidString: text) else {
            errors.append(.init(field: key, code: "invalid_uuid"))
            return nil
        }
        return id
    }
}
