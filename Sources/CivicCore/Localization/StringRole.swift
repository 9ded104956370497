/// What a translatable string is on a page, which bounds how long any of its texts may be.
///
/// The limits keep a translation from breaking a page (a button, a radio label) and catch a
/// paste of the wrong cell; they sit well above every shipped string (the longest, an intro, is
/// under 300 characters).
public enum StringRole: String, Sendable, Hashable, Codable, CaseIterable {
    case title, intro, sectionTitle, label, help, option
    /// An interface string (`Forms/ui/`): bounded by its Vietnamese text, see ``interfaceLimit(source:)``.
    case interface

    /// The most characters a text in this role may have; nil for interface strings.
    public var limit: Int? {
        switch self {
        case .title, .sectionTitle, .option: 200
        case .label: 500
        case .help: 1000
        case .intro: 2000
        case .interface: nil
        }
    }

    /// An interface string's translation may be three times as long as its Vietnamese text, and
    /// never needs to be shorter than 60 characters.
    public static func interfaceLimit(source: String) -> Int {
        max(60, 3 * source.count)
    }
}
