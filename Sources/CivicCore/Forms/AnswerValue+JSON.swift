extension AnswerValue {
    /// `answers` as Foundation's `JSONEncoder` writes them with `.sortedKeys` and
    /// `.withoutEscapingSlashes`, byte for byte, or nil when a value is a decimal or a date (whose
    /// text the caller then leaves to `JSONEncoder`).
    ///
    /// Written by hand because the encoder took a tenth of a submission's CPU time; the bytes must
    /// not change, since response digests cover them (CivicWebTests/SubmissionDigestTests compares
    /// both writers).
    public static func sortedJSON(_ answers: [String: AnswerValue]) -> String? {
        var json = "{"
        // JSONEncoder sorts keys by their UTF-8 bytes.
        for (index, key) in answers.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { json += "," }
            appendJSONString(key, to: &json)
            json += ":"
            switch answers[key]! {
            case .int(let value): json += String(value)
            case .string(let text): appendJSONString(text, to: &json)
            case .strings(let texts):
                json += "["
                for (position, text) in texts.enumerated() {
                    if position > 0 { json += "," }
                    appendJSONString(text, to: &json)
                }
                json += "]"
            case .bool(let flag): json += flag ? "true" : "false"
            case .decimal, .date: return nil
            }
        }
        return json + "}"
    }

    /// `text` as a JSON string literal, escaped as `JSONEncoder` does: `"` and `\`, the short forms
    /// `\b \f \n \r \t`, other control characters as `\u00xx`; `/` and everything else as it is.
    public static func appendJSONString(_ text: String, to json: inout String) {
        json += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            json += text
            return json += "\""
        }
        let hex = Array("0123456789abcdef")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\u{8}": json += "\\b"
            case "\u{C}": json += "\\f"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case let control where control.value < 0x20:
                json += "\\u00" + String(hex[Int(control.value >> 4)]) + String(hex[Int(control.value & 0xF)])
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }
}
