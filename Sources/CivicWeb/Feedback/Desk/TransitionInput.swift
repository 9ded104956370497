import CivicCore
import Foundation

/// Reads a ``TransitionRequest`` from the staff API's JSON body or the item page's form fields,
/// with the same names (`action`, `note`, `publicReply`, `publicTitle`, `competentBody`, `outOfScopeReason`,
/// `redirectTo`, `assigneeUnit`, `assigneeLogin`, `closingReason`) and the same errors. Text is NFC-normalised here;
/// the workflow cleans and checks it further.
enum TransitionInput {
    static let fieldNames: [String] = ["action"] + TransitionRequest.Field.allCases.map(\.rawValue)

    enum Reading: Sendable {
        case valid(TransitionRequest)
        /// Every problem found (an unknown action or reason, a mistyped or unknown member).
        case invalid([StaffFeedbackService.FieldError])
    }

    /// From a JSON object: every value must be a string (or null); unknown members are refused.
    static func read(json body: [String: JSONValue]) -> Reading {
        var values: [String: String] = [:]
        var errors: [StaffFeedbackService.FieldError] = []
        for (key, value) in body.sorted(by: { $0.key < $1.key }) {
            guard fieldNames.contains(key) else {
                errors.append(.init(field: key, code: "unknown_field", message: "\(key) is not a field of a transition"))
                continue
            }
            switch value {
            case .string(let text): values[key] = text
            case .null: break
            default:
                errors.append(.init(field: key, code: "wrong_type", message: "\(key) must be a string, not \(value.typeName)"))
            }
        }
        return read(values, errors: errors)
    }

    /// From form fields (`csrf` is the caller's business; other unknown fields are ignored, as a
    /// browser may send its button's name).
    static func read(form fields: URLEncodedFields) -> Reading {
        var values: [String: String] = [:]
        for name in fieldNames {
            if let value = fields[name] { values[name] = value }
        }
        return read(values, errors: [])
    }

    private static func read(_ values: [String: String],
                             errors: [StaffFeedbackService.FieldError]) -> Reading {
        var errors = errors
        func text(_ field: TransitionRequest.Field) -> String? {
            values[field.rawValue].map(VietnameseText.nfc)
        }
        var action: FeedbackAction?
        switch values["action"].map(VietnameseText.cleanedInput) {
        case nil, ""?:
            errors.append(.init(field: "action", code: "required", message: "action is required"))
        case let name?:
            action = FeedbackAction(rawValue: name)
            if action == nil {
                errors.append(.init(field: "action", code: "unknown_action",
                                    message: "action '\(name)' is unknown; use one of \(FeedbackAction.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        var reason: OutOfScopeReason?
        if let name = values["outOfScopeReason"].map(VietnameseText.cleanedInput), !name.isEmpty {
            reason = OutOfScopeReason(rawValue: name)
            if reason == nil {
                errors.append(.init(field: "outOfScopeReason", code: "unknown_reason",
                                    message: "outOfScopeReason '\(name)' is unknown; use one of \(OutOfScopeReason.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        guard errors.isEmpty, let action else { return .invalid(errors) }
        return .valid(TransitionRequest(
            action: action, note: text(.note), publicReply: text(.publicReply),
            publicTitle: text(.publicTitle), competentBody: text(.competentBody),
            outOfScopeReason: reason, redirectTo: text(.redirectTo), assigneeUnit: text(.assigneeUnit),
            assigneeLogin: text(.assigneeLogin), closingReason: text(.closingReason)))
    }
}
