import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// XLIFF 2.0 (OASIS, core plus the size-restriction module), what translation tools read.
///
/// One `<file>` per form (`id` = form id, or `ui`), one `<unit>` per string with one `<segment>`:
/// `state` is `initial` for a missing string and for a stale one (`subState="cv:stale"`),
/// `translated` for a draft and `reviewed` for a reviewed one; the reviewer's name is the unit's
/// `cv:reviewer`; `{placeholders}` are `<ph/>` elements so tools protect them; the English text
/// and a note for the translator are `<note>`s.
extension TranslationSet {
    static let xliffNamespace = "urn:oasis:names:tc:xliff:document:2.0"
    static let sizeRestrictionNamespace = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
    static let civicVoiceNamespace = "urn:civicvoice:translations:1"

    /// The set as an XLIFF 2.0 document (UTF-8 text).
    public func xliff() -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<xliff xmlns="\#(Self.xliffNamespace)" xmlns:slr="\#(Self.sizeRestrictionNamespace)" "#
                + #"xmlns:cv="\#(Self.civicVoiceNamespace)" version="2.0" srcLang="\#(baseLanguage)" trgLang="\#(language)">"#,
            #"  <file id="\#(Self.xmlEscaped(target))" original="\#(Self.xmlEscaped(yamlPath))">"#,
            #"    <slr:profiles generalProfile="xliff:codepoints"/>"#,
        ]
        for unit in units {
            var attributes = #"id="\#(Self.xmlEscaped(unit.id))" slr:sizeRestriction="\#(unit.maximumLength)""#
            if let reviewer = unit.reviewer, unit.status == .reviewed {
                attributes += #" cv:reviewer="\#(Self.xmlEscaped(reviewer))""#
            }
            lines.append("    <unit \(attributes)>")
            lines.append("      <notes>")
            if let reference = unit.reference {
                lines.append(#"        <note category="reference:\#(Self.referenceLanguage)" appliesTo="source">"#
                             + Self.xmlEscaped(reference) + "</note>")
            }
            lines.append(#"        <note category="translator">\#(Self.xmlEscaped(unit.note))</note>"#)
            lines.append("      </notes>")
            let state: String
            switch unit.status {
            case .missing: state = #"state="initial""#
            case .stale: state = #"state="initial" subState="cv:stale""#
            case .draft: state = #"state="translated""#
            case .reviewed: state = #"state="reviewed""#
            }
            lines.append("      <segment \(state)>")
            lines.append("        <source>\(Self.inline(unit.source, placeholders: unit.placeholders))</source>")
            if let translation = unit.translation {
                lines.append("        <target>\(Self.inline(translation, placeholders: unit.placeholders))</target>")
            }
            lines.append("      </segment>")
            lines.append("    </unit>")
        }
        lines += ["  </file>", "</xliff>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text with each known `{name}` as `<ph id="name" equiv="{name}" disp="{name}"/>`.
    private static func inline(_ text: String, placeholders: [String]) -> String {
        var result = xmlEscaped(text)
        for name in placeholders {
            result = result.replacingOccurrences(of: "{\(name)}", with: #"<ph id="\#(name)" equiv="{\#(name)}" disp="{\#(name)}"/>"#)
        }
        return result
    }

    /// Line breaks too as references, so that a text keeps them in an attribute as in an element.
    static func xmlEscaped(_ text: String) -> String { XMLText.escaped(text, newlines: true) }
}

extension SubmittedTranslations {
    /// Reads an XLIFF 2.0 file written by ``TranslationSet/xliff()`` or by a tool that kept its
    /// structure (one file, one segment per unit).
    ///
    /// Foundation's `XMLParser` directly, not XMLCoder or SWXMLHash (both in the mirror, both built
    /// on it): they keep no line numbers, and every refusal must name its line.
    /// - Throws: ``FormValidationErrors`` naming `file` and the line of each problem.
    public static func readXLIFF(_ data: Data, file: String) throws(FormValidationErrors) -> SubmittedTranslations {
        let reader = XLIFFReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        let parsed = parser.parse()
        var issues = reader.issues.map { FormIssue(file: file, line: $0.line, column: 1, keyPath: $0.id, message: $0.message) }
        if !parsed, issues.isEmpty {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unreadable"
            issues.append(FormIssue(file: file, line: max(1, parser.lineNumber), column: max(1, parser.columnNumber),
                                    keyPath: "", message: "not well-formed XML: \(reason)"))
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }
        guard let target = reader.target, let language = reader.language else {
            throw FormValidationErrors([FormIssue(file: file, line: max(1, reader.headerLine), column: 1, keyPath: "",
                                                  message: "not a translation file: expected <xliff trgLang=…> with one <file id=…>")])
        }
        return SubmittedTranslations(target: target, language: language, sourceLanguage: reader.sourceLanguage,
                                     units: reader.units, headerLine: reader.headerLine)
    }
}

/// The SAX side of ``SubmittedTranslations/readXLIFF(_:file:)``.
private final class XLIFFReader: NSObject, XMLParserDelegate {
    struct Problem {
        let line: Int
        let id: String
        let message: String
    }

    var target: String?
    var language: String?
    var sourceLanguage: String?
    var headerLine = 1
    var units: [SubmittedTranslations.Unit] = []
    var issues: [Problem] = []

    private var files = 0
    private var unit: (id: String, line: Int, reviewer: String?)?
    private var state: SubmittedTranslations.State?
    private var segments = 0
    private var source: String?
    private var targetText: String?
    /// Text being collected: inside <source> or <target>.
    private var collecting: String?
    private var collectingTarget = false

    private static func localName(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let line = parser.lineNumber
        switch Self.localName(elementName) {
        case "xliff":
            headerLine = line
            language = attributes["trgLang"]
            sourceLanguage = attributes["srcLang"]
        case "file":
            files += 1
            if files > 1 {
                issues.append(Problem(line: line, id: "", message: "one <file> per translation file: export each form on its own"))
            }
            target = attributes["id"]
            headerLine = line
        case "unit":
            guard let id = attributes["id"], !id.isEmpty else {
                issues.append(Problem(line: line, id: "", message: "a <unit> without an id"))
                unit = ("", line, nil)
                return
            }
            let reviewer = attributes.first { Self.localName($0.key) == "reviewer" }?.value
            unit = (id, line, reviewer)
            state = nil
            segments = 0
            source = nil
            targetText = nil
        case "segment":
            segments += 1
            if segments > 1, let unit {
                issues.append(Problem(line: line, id: unit.id, message: "one <segment> per unit: merge the segments"))
            }
            switch attributes["state"] ?? "initial" {
            case "initial": state = .untouched
            case "translated": state = .draft
            case "reviewed", "final": state = .reviewed
            case let other:
                issues.append(Problem(line: line, id: unit?.id ?? "",
                                      message: "unknown state '\(other)'; expected initial, translated, reviewed or final"))
            }
        case "source" where unit != nil:
            collecting = ""
            collectingTarget = false
        case "target" where unit != nil:
            collecting = ""
            collectingTarget = true
        case "ph" where collecting != nil:
            // The placeholder's original text; our files put it in `equiv`, tools keep the id.
            collecting? += attributes["equiv"] ?? attributes["disp"] ?? "{\(attributes["id"] ?? "")}"
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        collecting? += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch Self.localName(elementName) {
        case "source" where collecting != nil && !collectingTarget:
            source = collecting
            collecting = nil
        case "target" where collecting != nil && collectingTarget:
            targetText = collecting
            collecting = nil
        case "unit":
            if let unit, !unit.id.isEmpty {
                units.append(SubmittedTranslations.Unit(id: unit.id, source: source, text: targetText, state: state,
                                                        reviewer: unit.reviewer, line: unit.line))
            }
            unit = nil
        default:
            break
        }
    }
}
