import Yams

extension YAMLSourceText {
    /// Renders a value for a key at `keyIndent`, in flow (`{…}`) or block context. A block value
    /// may start with a line break (a mapping under its key).
    typealias ValueWriter = (_ keyIndent: Int, _ inFlow: Bool) -> String

    /// Sets `key` in `mapping` to what `write` renders: its value is replaced in place when the
    /// key exists; otherwise a line is added after `precedingKey` (or after the last entry).
    ///
    /// A flow mapping (`label: {vi: …, en: …}`) is first rewritten as a block under its key, its
    /// other entries copied as written, so that a translation with its record stays readable.
    /// - Parameter parentKeyIndent: the indentation of the key whose value `mapping` is; nil for
    ///   the document's root.
    mutating func setEntry(_ key: String, in mapping: Node, parentKeyIndent: Int?, after precedingKey: String?,
                           write: ValueWriter) throws(UnsupportedShape) {
        guard case .mapping(let entries) = mapping else {
            throw UnsupportedShape(line: mapping.mark?.line ?? 1, reason: "expected a mapping")
        }
        let pairs = entries.map { $0 }
        let start = try offset(of: mapping)
        if scalars[start] == "{" {
            guard let parentKeyIndent else {
                throw UnsupportedShape(line: line(of: start), reason: "a document written as one flow mapping")
            }
            try rewriteFlowMapping(pairs, start: start, keyIndent: parentKeyIndent + 2, setting: key,
                                   after: precedingKey, write: write)
            return
        }
        guard let first = pairs.first else {
            throw UnsupportedShape(line: line(of: start), reason: "an empty mapping")
        }
        let keyIndent = indent(of: first.key)
        if let existing = pairs.first(where: { $0.key.string == key }) {
            let valueEnd = try extent(of: existing.value, keyIndent: keyIndent, inFlow: false).upperBound
            let colon = try colonAfter(existing.key)
            replace(colon..<valueEnd, with: separated(write(keyIndent, false)))
            return
        }
        let anchor = pairs.last { $0.key.string == precedingKey } ?? pairs[pairs.count - 1]
        let anchorEnd = try extent(of: anchor.value, keyIndent: keyIndent, inFlow: false).upperBound
        insert("\n" + String(repeating: " ", count: keyIndent) + key + ":" + separated(write(keyIndent, false)), at: anchorEnd)
    }

    /// " value", or the value as it is when it starts on the next line.
    private func separated(_ value: String) -> String {
        value.hasPrefix("\n") ? value : " " + value
    }

    /// The offset just after the `:` that follows a plain key.
    private func colonAfter(_ key: Node) throws(UnsupportedShape) -> Int {
        var index = try offset(of: key) + (key.string?.unicodeScalars.count ?? 0)
        while index < scalars.count, scalars[index] == " " { index += 1 }
        guard index < scalars.count, scalars[index] == ":" else {
            throw UnsupportedShape(line: key.mark?.line ?? 1, reason: "a key that is not plain text")
        }
        return index + 1
    }

    private mutating func rewriteFlowMapping(_ pairs: [(key: Node, value: Node)], start: Int, keyIndent: Int,
                                             setting key: String, after precedingKey: String?,
                                             write: ValueWriter) throws(UnsupportedShape) {
        let end = try commentFreeFlowEnd(from: start)
        if text(start..<end).unicodeScalars.contains("\n") {
            throw UnsupportedShape(line: line(of: start), reason: "a flow mapping over several lines")
        }
        var lines: [String] = []
        var written = false
        for pair in pairs {
            let name = pair.key.string ?? ""
            if name == key {
                lines.append(name + ":" + separated(write(keyIndent, false)))
                written = true
                continue
            }
            let valueRange = try extent(of: pair.value, keyIndent: keyIndent, inFlow: true)
            lines.append(name + ": " + text(valueRange))
            if name == precedingKey, !written {
                lines.append(key + ":" + separated(write(keyIndent, false)))
                written = true
            }
        }
        if !written { lines.append(key + ":" + separated(write(keyIndent, false))) }
        let pad = String(repeating: " ", count: keyIndent)
        replace(startOfSpaces(before: start)..<end, with: lines.map { "\n" + pad + $0 }.joined())
    }

    /// The end of the flow mapping that starts at `start`; a comment inside it (which the rewrite
    /// would lose) is refused.
    private func commentFreeFlowEnd(from start: Int) throws(UnsupportedShape) -> Int {
        var depth = 0
        var index = start
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if open == "\"", scalar == "\\" { index += 2; continue }
                if scalar == open { quote = nil }
            } else {
                switch scalar {
                case "\"", "'": quote = scalar
                case "#" where index > 0 && scalars[index - 1] == " ":
                    throw UnsupportedShape(line: line(of: index), reason: "a comment inside a flow mapping")
                case "{", "[": depth += 1
                case "}", "]":
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
            }
            index += 1
        }
        throw UnsupportedShape(line: line(of: start), reason: "an unclosed flow mapping")
    }
}
