import Yams

/// Where each translatable string of a form file is in its YAML tree, by the ids of
/// ``FormDefinition/translatableStrings``: the mapping of language → text, and the key it is
/// the value of (whose indentation the import writes under).
///
/// Walks the same keys as the form parser; it is only used on a file that loaded without issues,
/// and the import checks that both name the same strings.
struct TranslatableNodes {
    struct Location {
        let key: Node
        let mapping: Node
    }

    private(set) var locations: [String: Location] = [:]
    /// The `languages:` key and its mapping.
    private(set) var languages: Location?

    init(root: Node) {
        guard case .mapping(let form) = root else { return }
        for (key, value) in form {
            switch key.string {
            case "title", "intro": locations[key.string ?? ""] = Location(key: key, mapping: value)
            case "languages": languages = Location(key: key, mapping: value)
            case "scales": readScales(value)
            case "sections": readSections(value)
            default: break
            }
        }
    }

    private static func pairs(_ node: Node) -> [(key: Node, value: Node)] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.map { ($0.key, $0.value) }
    }

    private static func items(_ node: Node?) -> [Node] {
        guard case .sequence(let sequence)? = node else { return [] }
        return Array(sequence)
    }

    private static func label(of option: Node) -> (key: Node, value: Node)? {
        pairs(option).first { $0.key.string == "label" }
    }

    private mutating func readScales(_ scales: Node) {
        for (name, scale) in Self.pairs(scales) {
            for option in Self.items(scale["options"]) {
                guard let value = option["value"]?.string, let label = Self.label(of: option) else { continue }
                locations["scales.\(name.string ?? "").options.\(value)"] = Location(key: label.key, mapping: label.value)
            }
        }
    }

    private mutating func readSections(_ sections: Node) {
        for section in Self.items(sections) {
            guard let id = section["id"]?.string else { continue }
            for (key, value) in Self.pairs(section) where key.string == "title" {
                locations["sections.\(id).title"] = Location(key: key, mapping: value)
            }
            for question in Self.items(section["questions"]) {
                guard let questionID = question["id"]?.string else { continue }
                for (key, value) in Self.pairs(question) {
                    switch key.string {
                    case "label", "help":
                        locations["questions.\(questionID).\(key.string ?? "")"] = Location(key: key, mapping: value)
                    case "options":
                        for option in Self.items(value) {
                            guard let optionValue = option["value"]?.string, let label = Self.label(of: option) else { continue }
                            locations["questions.\(questionID).options.\(optionValue)"] =
                                Location(key: label.key, mapping: label.value)
                        }
                    default:
                        break
                    }
                }
            }
        }
    }
}
