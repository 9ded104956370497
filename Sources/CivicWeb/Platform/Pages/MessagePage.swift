import CivicCore

/// A page with a heading, a sentence and a link: thanks, not found, too many requests, …
struct MessagePage: Sendable {
    struct Link: Sendable {
        let href: String
        let label: ResolvedText
    }

    let chrome: PageChrome
    let heading: ResolvedText
    let body: ResolvedText?
    let link: Link?
}
