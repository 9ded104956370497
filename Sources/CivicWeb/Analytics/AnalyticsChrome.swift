import CivicCore
import CivicStore
import Foundation

/// What the analytics pages (dashboard, printable report) share: language, title, skip link, and
/// links to the same page in Vietnamese and English that keep the other query parameters.
struct AnalyticsChrome: Sendable {
    struct LanguageLink: Sendable {
        let tag: String
        let name: String
        let href: String
        let current: Bool
    }

    let lang: String
    let title: String
    let skip: String
    let languageLabel: String
    let languages: [LanguageLink]
    /// "Figures as of 16:05:09 31/03/2026", and from which database, in the page's language.
    let asOf: String?
    /// The staff console's header, on the pages a signed-in browser reads (not on the API's HTML).
    let header: StaffChrome.Header?

    /// - Parameters:
    ///   - path: the page's path.
    ///   - parameters: the page's query parameters; `lang` is replaced in each language link.
    ///   - source: where the page's figures were read (see ``ReplicaRouter``).
    ///   - header: the staff console's header, for a signed-in browser.
    init(title: String, text: AnalyticsText, path: String, parameters: [String: String],
         source: ReplicaRouter.Source? = nil, header: StaffChrome.Header? = nil) {
        self.header = header
        lang = text.language
        self.title = title
        asOf = source.map { source in
            text.format(source.place == .replica ? "as_of_replica" : "as_of", ["time": Self.localTime(source.asOf)])
        }
        skip = text.ui.text("skip_to_content", for: text.chain).text
        languageLabel = text.ui.text("form.choose_language", for: text.chain).text
        languages = AnalyticsText.languages.map { tag in
            var query = parameters
            query["lang"] = tag
            return LanguageLink(tag: tag, name: text.languageName(tag), href: Self.href(path, query), current: tag == text.language)
        }
    }

    /// `16:05:09 31/03/2026`, Vietnam time, as both staff languages write it.
    static func localTime(_ instant: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = CalendarDate.vietnamTimeZone
        formatter.dateFormat = "HH:mm:ss dd/MM/yyyy"
        return formatter.string(from: instant)
    }

    /// `path?a=1&b=2`, names sorted, values percent-encoded.
    static func href(_ path: String, _ parameters: [String: String]) -> String {
        guard !parameters.isEmpty else { return path }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = parameters.sorted { $0.key < $1.key }.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }
        return path + "?" + query.joined(separator: "&")
    }
}
