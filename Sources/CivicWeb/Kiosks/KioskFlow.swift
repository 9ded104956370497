import CivicCore

/// The screens of a kiosk's one-question-per-screen form, worked out again from the post on every
/// press, so that nothing but the page holds the citizen's progress (no cookie, no server state):
/// the officer's pick first when the desk has officers, then each question the answers so far
/// show (`show_if`), in form order. A screen is named by what it asks (a question id, or
/// ``officerStep``), never by its number, so that an earlier answer that hides or shows a later
/// question does not move the citizen to another question.
struct KioskFlow: Sendable {
    /// The officer's pick. Question ids start with a lowercase letter, so this is never one.
    static let officerStep = "-officer"

    let steps: [String]

    /// - Parameter answers: the cleaned answers so far (``FormDefinition/validate(answers:readErrors:)``),
    ///   on which each `show_if` is evaluated as the web form's validation does.
    init(definition: FormDefinition, answers: [String: AnswerValue], asksOfficer: Bool) {
        steps = (asksOfficer ? [Self.officerStep] : [])
            + definition.questions.filter { $0.showIf?.isShown(given: answers) ?? true }.map(\.id)
    }

    var first: String? { steps.first }

    /// The screen `step` is at; the first when it names none of them (a forged field, or a question
    /// that an earlier answer has hidden since).
    func position(of step: String?) -> Int {
        step.flatMap { steps.firstIndex(of: $0) } ?? 0
    }

    /// The screen after `step`; nil after the last one: the form is sent.
    func after(_ step: String?) -> String? {
        let next = position(of: step) + 1
        return next < steps.count ? steps[next] : nil
    }

    /// The screen before `step`; the first for the first.
    func before(_ step: String?) -> String? {
        steps.isEmpty ? nil : steps[max(0, position(of: step) - 1)]
    }

    func isLast(_ step: String?) -> Bool {
        position(of: step) >= steps.count - 1
    }
}
