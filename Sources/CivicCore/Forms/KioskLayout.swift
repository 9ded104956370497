/// How a one-stop desk's kiosk shows a form (`kiosk_layout:` in the form's file).
///
/// Like `metrics_default`, it is not part of the definition (nor of its canonical JSON and hash):
/// it says how the service presents the form, not what the form asks, so changing it needs no new
/// `version` and every stored response keeps its form version.
public enum KioskLayout: String, Sendable, Hashable, CaseIterable {
    /// Every question on one page, as on the web (the default).
    case wholeForm = "whole_form"
    /// One question per screen, with a large "next" button: for a touch screen at the desk, where a
    /// long page means scrolling with a finger and missing a required question.
    case oneQuestionPerScreen = "one_question_per_screen"
}
