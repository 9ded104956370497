/// How the import writes one translation into a form or UI file: plain text when it has no
/// record, else `{text: …, status: …, reviewer: …, source: …}` on one line, or as a block under
/// its language when the text is long.
enum TranslationYAML {
    /// Lines longer than this are written in block style.
    static let lineWidth = 100

    /// The value to put after `key: ` (flow context: inside `{…}`, so on one line).
    static func value(text: String, record: TranslationRecord?, keyIndent: Int, inFlow: Bool) -> String {
        guard let record else { return scalar(text, keyIndent: keyIndent, inFlow: inFlow) }
        var fields = ["text: " + scalar(text, keyIndent: keyIndent + 2, inFlow: true), "status: " + record.review.rawValue]
        if let reviewer = record.reviewer { fields.append("reviewer: " + scalar(reviewer, keyIndent: keyIndent + 2, inFlow: true)) }
        fields.append("source: " + record.source)
        let inline = "{" + fields.joined(separator: ", ") + "}"
        if inFlow || keyIndent + inline.count + 12 <= lineWidth { return inline }
        let pad = String(repeating: " ", count: keyIndent + 2)
        var lines = ["text: " + scalar(text, keyIndent: keyIndent + 2, inFlow: false), "status: " + record.review.rawValue]
        if let reviewer = record.reviewer { lines.append("reviewer: " + scalar(reviewer, keyIndent: keyIndent + 2, inFlow: false)) }
        lines.append("source: " + record.source)
        return lines.map { "\n" + pad + $0 }.joined()
    }

    /// A scalar for `text`: plain when YAML reads it back unchanged, folded (`>-`) when it is a
    /// long single line of words, double-quoted otherwise.
    static func scalar(_ text: String, keyIndent: Int, inFlow: Bool) -> String {
        if isPlainSafe(text, inFlow: inFlow), inFlow || keyIndent + text.count + 12 <= lineWidth { return text }
        if !inFlow, let folded = folded(text, keyIndent: keyIndent) { return folded }
        return doubleQuoted(text)
    }

    private static func isPlainSafe(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if ["~", "null", "Null", "NULL"].contains(text) { return false }
        if text.contains(": ") || text.contains(" #") { return false }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{FEFF}" || scalar == "\u{85}"
                || scalar == "\u{2028}" || scalar == "\u{2029}" { return false }
            if inFlow, ",[]{}".unicodeScalars.contains(scalar) { return false }
        }
        return true
    }

    /// `>-` and the words wrapped under it, when folding gives `text` back exactly: one line,
    /// single spaces, nothing YAML would read differently.
    private static func folded(_ text: String, keyIndent: Int) -> String? {
        // Inside a block scalar every character is text; only line breaks and runs of spaces fold.
        guard !text.contains("  "), !text.hasPrefix(" "), !text.hasSuffix(" "),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{85}"
                  || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{FEFF}" })
        else { return nil }
        let pad = String(repeating: " ", count: keyIndent + 2)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, pad.count + current.count + 1 + word.count > lineWidth {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        lines.append(current)
        return ">-" + lines.map { "\n" + pad + $0 }.joined()
    }

    private static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{85}" || scalar == "\u{2028}"
                    || scalar == "\u{2029}" || scalar == "\u{FEFF}" {
                    result += "\\u" + String(String(scalar.value, radix: 16).suffix(4)).leftPadded(to: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

private extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
