import CivicCore
import HTTPTypes
import Hummingbird

/// The citizen pages' messages (thanks, not found, a refusal, a failure): a heading, a sentence
/// and a link on the citizen layout, in the reader's language. One place, so that the survey
/// pages, the PAKN pages and the error pages say the same thing the same way.
struct CitizenPages: Sendable {
    let renderer: PageRenderer
    let ui: UIStrings

    /// The reader of a page offered in every interface language.
    func reader(_ request: Request) -> CitizenLanguage {
        CitizenLanguage(request: request, offered: ui.languages)
    }

    /// What every citizen page shares; the language switcher links to `path?lang=`.
    func chrome(title: String, reader: CitizenLanguage, path: String) -> PageChrome {
        PageChrome(title: title, language: reader.language, chain: reader.chain,
                   languages: ui.languages.sorted(by: FormPage.languageOrder), path: path, ui: ui)
    }

    /// A link whose label is the interface string `label`.
    func link(_ href: String, label: String, reader: CitizenLanguage) -> MessagePage.Link {
        MessagePage.Link(href: href, label: ui.text(label, for: reader.chain))
    }

    /// A message page whose heading and sentence are the interface strings `heading` and `body`.
    func message(_ status: HTTPResponse.Status, reader: CitizenLanguage, heading: String, body: String? = nil,
                 link: MessagePage.Link? = nil, headers: HTTPFields = [:], path: String) -> Response {
        message(status, reader: reader, heading: ui.text(heading, for: reader.chain),
                body: body.map { ui.text($0, for: reader.chain) }, link: link, headers: headers, path: path)
    }

    /// The page that answers a citizen page that failed: what happened, the reference to quote for
    /// a failure on our side, and a link back to the list of forms.
    func failure(_ failure: RouteFailure, request: Request) -> Response {
        let reader = reader(request)
        let body = failure.reference.map { ui.format("page.error_reference", for: reader.chain, with: ["reference": $0]) }
        return message(failure.status, reader: reader, heading: ui.text(failure.messageKey, for: reader.chain), body: body,
                       link: link("/", label: "thanks.back", reader: reader), headers: failure.headers,
                       path: request.uri.path)
    }

    private func message(_ status: HTTPResponse.Status, reader: CitizenLanguage, heading: ResolvedText,
                         body: ResolvedText?, link: MessagePage.Link?, headers: HTTPFields, path: String) -> Response {
        let page = MessagePage(chrome: chrome(title: heading.text, reader: reader, path: path), heading: heading,
                               body: body, link: link)
        return renderer.html(page, template: "message", status: status, headers: headers)
    }
}
