/// Text made safe to write into XML (an SVG chart, a translators' XLIFF file).
///
/// Written here because the XML libraries in the mirror (XMLCoder, SWXMLHash) read or encode whole
/// documents; these writers assemble their documents line by line and need only the escape.
public enum XMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    /// - Parameter newlines: also write line breaks as `&#10;`, which an attribute value needs
    ///   (a parser turns a literal one into a space).
    public static func escaped(_ text: String, newlines: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\n" where newlines: result += "&#10;"
            default: result.append(character)
            }
        }
        return result
    }
}
