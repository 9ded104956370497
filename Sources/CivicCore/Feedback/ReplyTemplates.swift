/// Reply templates for the PAKN desk, from `Forms/workflow/replies.yaml`: for a category (or
/// every category) and the state a reply leads to (resolved, forwarded, out of scope), a text in
/// each language with blanks (`[[the unit that handled it]]`) that staff must fill.
///
/// Guarantees (when parsed): ids are unique; every template has a Vietnamese text; its state is
/// one a public reply leads to; its category is one of the pakn form's when they were known.
public struct ReplyTemplates: Sendable, Hashable {
    public struct Template: Sendable, Hashable {
        public let id: String
        /// A category option value of the pakn form; nil for every category.
        public let category: String?
        /// The state the reply is written for: the action that leads there takes a public reply.
        public let state: FeedbackState
        public let title: LocalizedText
        public let text: LocalizedText
    }

    public let templates: [Template]

    public init(templates: [Template]) {
        self.templates = templates
    }

    /// The states a public reply leads to, with the action that takes it.
    public static let replyActions: [FeedbackState: FeedbackAction] = [
        .resolved: .resolve, .forwarded: .forward, .outOfScope: .markOutOfScope,
    ]

    /// The templates for an item of `category` about to move to `state`: those for the category
    /// first, then those for every category, in file order.
    public func templates(category: String, state: FeedbackState) -> [Template] {
        let matching = templates.filter { $0.state == state }
        return matching.filter { $0.category == category } + matching.filter { $0.category == nil }
    }

    public func template(id: String) -> Template? { templates.first { $0.id == id } }

    /// The blanks still in `text`, each `[[…]]` as written: a reply with any is not accepted.
    public static func blanks(in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            result.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return result
    }
}
