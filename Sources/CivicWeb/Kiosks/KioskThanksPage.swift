import CivicCore

/// The kiosk's thank-you screen (`kiosk-thanks.mustache`): shown for `KIOSK_RESET_SECONDS`,
/// then the `Refresh` header brings the start back for the next citizen.
struct KioskThanksPage: Sendable {
    /// The kiosk layout's language and title (the thanks shows no language switcher: it is about to start again).
    struct Chrome: Sendable {
        let lang: String
        let title: String
    }

    let chrome: Chrome
    let heading: ResolvedText
    let text: ResolvedText
    let again: String
    let againHref: String

    init(chain: LanguageChain, language: String, ui: UIStrings, kioskPath: String, seconds: Int) {
        heading = ui.text("kiosk.thanks_title", for: chain)
        chrome = Chrome(lang: language, title: heading.text)
        text = ui.format("kiosk.thanks_text", for: chain, with: ["seconds": "\(seconds)"])
        again = ui.text("kiosk.again", for: chain).text
        againHref = kioskPath + "?lang=\(language)"
    }
}
