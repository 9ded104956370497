extension FeedbackWorkflow {
    /// Checks `request` against the state machine and the action's payload rules, and cleans its text.
    ///
    /// Rules (see ``TransitionRequest/Field`` for which action takes which field):
    /// - Text is cleaned with ``VietnameseText/cleanedInput(_:)``; text that is empty once
    ///   cleaned counts as absent.
    /// - Control characters are rejected; line breaks and tabs only in note and publicReply.
    /// - Lengths are counted in characters after cleaning.
    /// - assigneeUnit must be a unit code as the unit register stores it (a letter or digit, then
    ///   letters, digits, `.`, `_` or `-`, at most 64); assigneeLogin a staff login.
    public static func validate(_ request: TransitionRequest, from state: FeedbackState) -> Result<ValidatedTransition, WorkflowError> {
        let action = request.action
        guard let target = target(of: action, from: state) else {
            return .failure(.illegalTransition(from: state, action: action, allowed: allowedActions(from: state)))
        }
        do throws(WorkflowError) {
            let reason = request.outOfScopeReason
            let needs = requiredFields(for: action, reason: reason)
            let accepts = acceptedFields(for: action)
            func text(_ field: TransitionRequest.Field, _ raw: String?) throws(WorkflowError) -> String? {
                try cleanedText(raw, field: field, action: action,
                                required: needs.contains(field), accepted: accepts.contains(field))
            }
            let note = try text(.note, request.note)
            let publicReply = try text(.publicReply, request.publicReply)
            if let publicReply, case let blanks = ReplyTemplates.blanks(in: publicReply), !blanks.isEmpty {
                throw WorkflowError.unfilledBlanks(TransitionRequest.Field.publicReply.rawValue, blanks: blanks)
            }
            let publicTitle = try text(.publicTitle, request.publicTitle)
            let competentBody = try text(.competentBody, request.competentBody)
            if reason == nil, needs.contains(.outOfScopeReason) {
                throw WorkflowError.missingField(TransitionRequest.Field.outOfScopeReason.rawValue)
            }
            if reason != nil, !accepts.contains(.outOfScopeReason) {
                throw unused(.outOfScopeReason, by: action)
            }
            let redirectTo = try text(.redirectTo, request.redirectTo)
            let assigneeUnit = try text(.assigneeUnit, request.assigneeUnit)
            if let assigneeUnit, !WorkflowYAML.isUnitCode(assigneeUnit) {
                throw WorkflowError.invalidField(TransitionRequest.Field.assigneeUnit.rawValue,
                                                 reason: "'\(assigneeUnit)' is not a unit code: a letter or digit, then letters, digits, '.', '_' or '-'")
            }
            var assigneeLogin = try text(.assigneeLogin, request.assigneeLogin)
            if let login = assigneeLogin {
                guard let normalized = StaffLogin.normalized(login) else {
                    throw WorkflowError.invalidField(TransitionRequest.Field.assigneeLogin.rawValue,
                                                     reason: "'\(login)' is not a staff login")
                }
                assigneeLogin = normalized
            }
            let closingReason = try text(.closingReason, request.closingReason)
            return .success(ValidatedTransition(
                from: state, action: action, to: target,
                note: note, publicReply: publicReply, publicTitle: publicTitle, competentBody: competentBody,
                outOfScopeReason: reason, redirectTo: redirectTo,
                assigneeUnit: assigneeUnit, assigneeLogin: assigneeLogin, closingReason: closingReason
            ))
        } catch {
            return .failure(error)
        }
    }

    /// The action name of an internal note in an item's history: not a transition, the state stays.
    public static let noteAction = "note"

    /// An internal note cleaned as a transition's note is: NFC, trimmed, not empty, within its length.
    public static func cleanedNote(_ raw: String) -> Result<String, WorkflowError> {
        do throws(WorkflowError) {
            guard let note = try cleanedText(raw, field: .note, action: .accept, required: true, accepted: true) else {
                return .failure(.missingField(TransitionRequest.Field.note.rawValue))
            }
            return .success(note)
        } catch {
            return .failure(error)
        }
    }

    /// The fields `action` cannot do without (given the out-of-scope reason, for mark_out_of_scope).
    public static func requiredFields(for action: FeedbackAction, reason: OutOfScopeReason?) -> Set<TransitionRequest.Field> {
        switch action {
        case .accept, .start, .reopen: []
        case .closeReopenRequest: [.closingReason]
        case .publish: [.publicTitle]
        case .markOutOfScope: reason?.requiresRedirect == true ? [.outOfScopeReason, .redirectTo] : [.outOfScopeReason]
        case .assign: [.assigneeUnit]
        case .resolve: [.publicReply]
        case .forward: [.competentBody, .publicReply]
        }
    }

    /// Every field `action` uses, required or optional.
    public static func acceptedFields(for action: FeedbackAction) -> Set<TransitionRequest.Field> {
        switch action {
        case .accept, .start, .reopen: [.note]
        case .closeReopenRequest: [.note, .closingReason]
        case .publish: [.note, .publicTitle]
        case .markOutOfScope: [.note, .outOfScopeReason, .redirectTo, .publicReply]
        case .assign: [.note, .assigneeUnit, .assigneeLogin]
        case .resolve: [.note, .publicReply]
        case .forward: [.note, .competentBody, .publicReply]
        }
    }

    private static func cleanedText(
        _ raw: String?, field: TransitionRequest.Field, action: FeedbackAction, required: Bool, accepted: Bool
    ) throws(WorkflowError) -> String? {
        let cleaned = raw.map(VietnameseText.cleanedInput).flatMap { $0.isEmpty ? nil : $0 }
        guard let cleaned else {
            if required { throw .missingField(field.rawValue) }
            return nil
        }
        guard accepted else { throw unused(field, by: action) }
        if VietnameseText.containsDisallowedControlCharacters(cleaned) {
            throw .invalidField(field.rawValue, reason: "must not contain control characters")
        }
        if !field.isMultiline, cleaned.contains(where: { $0 == "\n" || $0 == "\t" }) {
            throw .invalidField(field.rawValue, reason: "must be one line, without tabs")
        }
        if let maximum = field.maximumLength, cleaned.count > maximum {
            throw .invalidField(field.rawValue, reason: "must be at most \(maximum) characters (it has \(cleaned.count))")
        }
        return cleaned
    }

    private static func unused(_ field: TransitionRequest.Field, by action: FeedbackAction) -> WorkflowError {
        .invalidField(field.rawValue, reason: "not used by \(action.rawValue); leave it empty")
    }
}
