extension UIStrings {
    /// The keys the web layer relies on; `ui/vi.yaml` must define all of them (it may define more).
    ///
    /// Placeholders: `error.out_of_range` uses `{min}` and `{max}`, `error.too_small` `{min}`,
    /// `error.too_large` `{max}`, `error.too_long` `{maxLength}`; see ``AnswerError/messageKey``.
    public static let requiredKeys: [String] = [
        "skip_to_content",
        "form.list_heading", "form.no_forms", "form.submit", "form.required_marker", "form.optional_marker",
        "form.errors_heading", "form.draft_notice", "form.fallback_notice", "form.choose_unit",
        "form.choose_language", "form.conditional_note",
        "answer.yes", "answer.no",
        "thanks.title", "thanks.text", "thanks.back",
        "page.rate_limited", "page.csrf_expired", "page.unavailable", "page.bad_request", "page.too_large",
        "page.not_found", "page.server_error",
        "language.vi", "language.en", "language.hmn",
    ] + AnswerError.Code.allCases.map { "error.\($0.rawValue)" } + ["error.too_small", "error.too_large"]

    /// The key under which a file may declare its status (`_status: draft`); not a string.
    public static let statusKey = "_status"
}
