import CivicCore
import CivicStore

/// `GET /pakn/{code}` and `GET /pakn/rating/{token}`: where a citizen's item stands, the reply
/// once published, where to go when it is out of scope, and the rating of the handling (once per
/// publication, while rating is open). `GET /pakn` uses it as a lookup form.
struct FeedbackStatusPage: Sendable {
    struct Row: Sendable {
        let label: ResolvedText
        let value: String
    }

    /// What the page offers about rating, as the controller decided from the proof the reader
    /// holds (the tracking code or a rating link) and the time since publication.
    enum RatingOffer: Sendable {
        /// The form, posting to `action`; `error` (an interface key), `reason` and `choice` are
        /// what a refused post brings back.
        case form(action: String, csrf: String, error: String? = nil, reason: String = "", choice: String? = nil)
        /// Published and not rated, but too long ago to rate now.
        case closed
        case none
    }

    struct Rating: Sendable {
        let action: String
        let csrf: String
        /// Posted back, so that the answer comes in the language the form was read in.
        let readerLanguage: String
        let question: ResolvedText
        let yes: ResolvedText
        let no: ResolvedText
        let yesChecked: Bool
        let noChecked: Bool
        let reasonLabel: ResolvedText
        let reasonHelp: ResolvedText
        let reason: String
        let error: ResolvedText?
        let submit: String
    }

    let chrome: PageChrome
    let heading: ResolvedText
    let notice: ResolvedText?
    let lookupLabel: ResolvedText
    let lookupSubmit: String
    let showLookup: Bool
    let code: String?
    let title: String?
    let rows: [Row]
    let replyHeading: ResolvedText?
    let reply: String?
    let redirect: ResolvedText?
    let rating: Rating?
    let rated: ResolvedText?
    /// Notices about rating and reconsideration: closed, asked, or answered with a reason.
    let ratingNotes: [ResolvedText]

    static func lookup(chain: LanguageChain, language: String, ui: UIStrings) -> FeedbackStatusPage {
        let heading = ui.text("pakn.lookup_title", for: chain)
        return FeedbackStatusPage(
            chrome: PageChrome(title: heading.text, language: language, chain: chain,
                               languages: ui.languages.sorted(by: FormPage.languageOrder), path: "/pakn", ui: ui),
            heading: heading, notice: nil, lookupLabel: ui.text("pakn.lookup_label", for: chain),
            lookupSubmit: ui.text("pakn.lookup_submit", for: chain).text, showLookup: true, code: nil, title: nil,
            rows: [], replyHeading: nil, reply: nil, redirect: nil, rating: nil, rated: nil, ratingNotes: [])
    }

    /// - Parameter path: the page's own path (the language switcher's links): the status page's,
    ///   or the rating link's.
    init(status: FeedbackPublicStatus, chain: LanguageChain, language: String, ui: UIStrings, justSent: Bool,
         rating offer: RatingOffer, path: String) {
        heading = ui.text("pakn.status_title", for: chain)
        chrome = PageChrome(title: "\(heading.text) \(status.trackingCode)", language: language, chain: chain,
                            languages: ui.languages.sorted(by: FormPage.languageOrder), path: path, ui: ui)
        notice = justSent ? ui.format("pakn.sent_notice", for: chain, with: ["code": status.trackingCode]) : nil
        lookupLabel = ui.text("pakn.lookup_label", for: chain)
        lookupSubmit = ui.text("pakn.lookup_submit", for: chain).text
        showLookup = false
        code = status.trackingCode
        title = status.title
        var rows = [
            Row(label: ui.text("pakn.state", for: chain), value: ui.text("pakn.state.\(status.state.rawValue)", for: chain).text),
            Row(label: ui.text("pakn.received_on", for: chain), value: status.receivedOn),
        ]
        if let due = status.dueOn { rows.append(Row(label: ui.text("pakn.due_on", for: chain), value: due)) }
        if let handled = status.handledOn { rows.append(Row(label: ui.text("pakn.handled_on", for: chain), value: handled)) }
        self.rows = rows
        replyHeading = status.publicReply == nil ? nil : ui.text("pakn.reply", for: chain)
        var reply = status.publicReply
        if let body = status.competentBody, let text = reply {
            reply = text + "\n\n" + ui.format("pakn.forwarded_to", for: chain, with: ["body": body]).text
        }
        self.reply = reply
        redirect = status.redirectTo.map { ui.format("pakn.redirect", for: chain, with: ["where": $0]) }
        var notes: [ResolvedText] = []
        switch offer {
        case .form(let action, let csrf, let error, let reason, let choice):
            rating = Rating(action: action, csrf: csrf, readerLanguage: language,
                            question: ui.text("pakn.rating_question", for: chain), yes: ui.text("pakn.rating_yes", for: chain),
                            no: ui.text("pakn.rating_no", for: chain), yesChecked: choice == "yes", noChecked: choice == "no",
                            reasonLabel: ui.text("pakn.rating_reason", for: chain),
                            reasonHelp: ui.text("pakn.rating_reason_help", for: chain), reason: reason,
                            error: error.map { ui.text($0, for: chain) }, submit: ui.text("form.submit", for: chain).text)
        case .closed:
            rating = nil
            notes.append(ui.text("pakn.rating_closed", for: chain))
        case .none:
            rating = nil
        }
        rated = status.rated ? ui.text("pakn.rating_thanks", for: chain) : nil
        if status.state == .reopenRequested { notes.append(ui.text("pakn.reopen_requested_notice", for: chain)) }
        if let reason = status.closingReason {
            notes.append(ui.format("pakn.reopen_closed_notice", for: chain, with: ["reason": reason]))
        }
        ratingNotes = notes
    }

    private init(chrome: PageChrome, heading: ResolvedText, notice: ResolvedText?, lookupLabel: ResolvedText,
                 lookupSubmit: String, showLookup: Bool, code: String?, title: String?, rows: [Row],
                 replyHeading: ResolvedText?, reply: String?, redirect: ResolvedText?, rating: Rating?, rated: ResolvedText?,
                 ratingNotes: [ResolvedText]) {
        self.chrome = chrome
        self.heading = heading
        self.notice = notice
        self.lookupLabel = lookupLabel
        self.lookupSubmit = lookupSubmit
        self.showLookup = showLookup
        self.code = code
        self.title = title
        self.rows = rows
        self.replyHeading = replyHeading
        self.reply = reply
        self.redirect = redirect
        self.rating = rating
        self.rated = rated
        self.ratingNotes = ratingNotes
    }
}

/// `GET /pakn/public`: published results, without personal data or the citizens' own words: the
/// title staff wrote for publication (the category's name for items published before there was
/// one), never the tracking code, which would let anyone open the citizen's page and rate first.
struct FeedbackPublicPage: Sendable {
    struct Entry: Sendable {
        let title: String
        let category: String
        let receivedOn: String
        let handledOn: String
        let reply: String
    }

    let chrome: PageChrome
    let heading: ResolvedText
    let empty: ResolvedText
    let entries: [Entry]
    let hasEntries: Bool
    let nextPage: String?

    init(items: [FeedbackPublicStatus], categories: [ChoiceOption], page: Int, chain: LanguageChain, language: String,
         ui: UIStrings) {
        heading = ui.text("pakn.public_title", for: chain)
        chrome = PageChrome(title: heading.text, language: language, chain: chain,
                            languages: ui.languages.sorted(by: FormPage.languageOrder), path: "/pakn/public", ui: ui)
        empty = ui.text("pakn.public_empty", for: chain)
        entries = items.map { item in
            let category = categories.first { $0.value == item.category }?.label.resolved(for: chain).text ?? item.category
            return Entry(title: item.publicTitle ?? category, category: category, receivedOn: item.receivedOn,
                         handledOn: item.handledOn ?? "", reply: item.publicReply ?? "")
        }
        hasEntries = !entries.isEmpty
        nextPage = items.count == 50 ? "/pakn/public?page=\(page + 1)" : nil
    }
}
