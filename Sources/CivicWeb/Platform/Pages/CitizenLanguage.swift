import CivicCore
import HTTPTypes
import Hummingbird

/// Which language a citizen page is shown in: `?lang=`, then the `cv_lang` cookie, then
/// Accept-Language, then Vietnamese; only languages the page offers are chosen.
struct CitizenLanguage: Sendable {
    static let cookieName = "cv_lang"

    /// The language chosen, in canonical case.
    let language: String
    /// The fallback chain for each string: the language, its primary subtag, then Vietnamese.
    let chain: LanguageChain
    /// Set when the choice came from `?lang=` (or a form's hidden field) and should be remembered.
    let remember: String?

    init(request: Request, offered: [String], explicit: String? = nil) {
        let offeredSet = Set(offered)
        func usable(_ tag: String?) -> String? {
            guard let tag, let canonical = LanguageChain.canonicalTag(tag) else { return nil }
            if offeredSet.contains(canonical) { return canonical }
            // hmn-Latn-VN has no parent: a reader of Vietnam's Hmong script is not sent to RPA.
            return LanguageChain.parentTag(of: canonical).flatMap { offeredSet.contains($0) ? $0 : nil }
        }
        if let chosen = usable(explicit ?? request.uri.queryParameters.get("lang")) {
            self.init(language: chosen, remember: chosen)
        } else if let chosen = usable(request.cookie(Self.cookieName)) {
            self.init(language: chosen, remember: nil)
        } else if let chosen = LanguageChain(acceptLanguage: request.headers[.acceptLanguage]).languages
            .lazy.compactMap(usable).first {
            self.init(language: chosen, remember: nil)
        } else {
            self.init(language: LanguageChain.baseLanguage, remember: nil)
        }
    }

    /// The `Set-Cookie` that remembers a choice made by `?lang=` (or a form's field), unless the
    /// browser already holds it.
    func rememberingHeaders(for request: Request, secure: Bool) -> HTTPFields {
        var headers = HTTPFields()
        if let remember, request.cookie(Self.cookieName) != remember {
            headers.setCookie(Self.cookieName, value: remember, maxAge: 365 * 24 * 3600, secure: secure)
        }
        return headers
    }

    private init(language: String, remember: String?) {
        self.language = language
        self.chain = LanguageChain(requested: language)
        self.remember = remember
    }
}
