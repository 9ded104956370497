import Yams

/// A YAML file's text, edited in place at the positions libyaml reports, so that comments, blank
/// lines, key order and the spelling of every untouched value stay as they were.
///
/// Written here because Yams re-serialises a whole document (dropping comments and reflowing
/// text) and reports only where a node starts; where it ends is worked out from the text by the
/// rules of YAML's scalar styles (``extent(of:keyIndent:inFlow:)``). Callers re-parse the result
/// and compare it with what they meant to write, so a case these rules miss refuses instead of
/// corrupting a file.
struct YAMLSourceText {
    private(set) var scalars: [Unicode.Scalar]
    /// Offset of the first scalar of each line (1-based lines at index line - 1).
    private var lineStarts: [Int]
    private var edits: [(range: Range<Int>, replacement: String)] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        lineStarts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
    }

    struct UnsupportedShape: Error {
        let line: Int
        let reason: String
    }

    // MARK: - Positions

    /// The offset of a node's first character.
    func offset(of node: Node) throws(UnsupportedShape) -> Int {
        guard let mark = node.mark, mark.line - 1 < lineStarts.count else {
            throw UnsupportedShape(line: 1, reason: "a value without a position")
        }
        return lineStarts[mark.line - 1] + mark.column - 1
    }

    /// The column (0-based) of a node: for a key, the indentation of its mapping.
    func indent(of node: Node) -> Int {
        (node.mark?.column ?? 1) - 1
    }

    func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// Where a value's text ends (exclusive). `keyIndent` is the indentation of the key it is the
    /// value of (block continuation lines are deeper); `inFlow` says it sits inside `{…}`.
    func extent(of node: Node, keyIndent: Int, inFlow: Bool) throws(UnsupportedShape) -> Range<Int> {
        let start = try offset(of: node)
        switch node {
        case .scalar(let scalar):
            switch scalar.style {
            case .doubleQuoted: return start..<quotedEnd(from: start, quote: "\"")
            case .singleQuoted: return start..<quotedEnd(from: start, quote: "'")
            case .literal, .folded: return start..<blockScalarEnd(from: start, keyIndent: keyIndent)
            default: return start..<plainEnd(from: start, keyIndent: keyIndent, inFlow: inFlow)
            }
        case .mapping(let mapping):
            if scalars[start] == "{" { return start..<flowEnd(from: start) }
            guard let last = mapping.map({ $0 }).last else {
                throw UnsupportedShape(line: line(of: start), reason: "an empty block mapping")
            }
            return start..<(try extent(of: last.value, keyIndent: indent(of: last.key), inFlow: false).upperBound)
        default:
            throw UnsupportedShape(line: line(of: start), reason: "a list or an alias where a text or a mapping was expected")
        }
    }

    private func quotedEnd(from start: Int, quote: Unicode.Scalar) -> Int {
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if quote == "\"", scalar == "\\" { index += 2; continue }
            if scalar == quote {
                if quote == "'", index + 1 < scalars.count, scalars[index + 1] == "'" { index += 2; continue }
                return index + 1
            }
            index += 1
        }
        return scalars.count
    }

    private func flowEnd(from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < scalars.count {
            switch scalars[index] {
            case "\"": index = quotedEnd(from: index, quote: "\""); continue
            case "'": index = quotedEnd(from: index, quote: "'"); continue
            case "{", "[": depth += 1
            case "}", "]":
                depth -= 1
                if depth == 0 { return index + 1 }
            default: break
            }
            index += 1
        }
        return scalars.count
    }

    private func lineEnd(from offset: Int) -> Int {
        var index = offset
        while index < scalars.count, scalars[index] != "\n" { index += 1 }
        return index
    }

    /// The indentation of the line starting at `start`, or nil for a blank line.
    private func lineIndent(at start: Int) -> Int? {
        var index = start
        while index < scalars.count, scalars[index] == " " { index += 1 }
        return index >= scalars.count || scalars[index] == "\n" ? nil : index - start
    }

    /// The end of the last line deeper than `keyIndent` after the first line (blank lines between
    /// are included, trailing ones are not), or `firstEnd` when there is none.
    private func deeperLinesEnd(after firstEnd: Int, keyIndent: Int, stopAtComments: Bool) -> Int {
        var end = firstEnd
        var next = firstEnd + 1
        while next < scalars.count {
            if let indent = lineIndent(at: next) {
                guard indent > keyIndent else { break }
                if stopAtComments, scalars[next + indent] == "#" { break }
                end = lineEnd(from: next)
            }
            next = lineEnd(from: next) + 1
        }
        return end
    }

    private func blockScalarEnd(from start: Int, keyIndent: Int) -> Int {
        deeperLinesEnd(after: lineEnd(from: start), keyIndent: keyIndent, stopAtComments: false)
    }

    private func plainEnd(from start: Int, keyIndent: Int, inFlow: Bool) -> Int {
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" { break }
            if scalar == "#", index > start, scalars[index - 1] == " " { break }
            if inFlow, scalar == "," || scalar == "}" || scalar == "]" { break }
            index += 1
        }
        while index > start, scalars[index - 1] == " " { index -= 1 }
        return inFlow ? index : deeperLinesEnd(after: index, keyIndent: keyIndent, stopAtComments: true)
    }

    /// The text between two offsets, as written.
    func text(_ range: Range<Int>) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[range])
        return String(result)
    }

    /// The offset just before the spaces that precede `offset` on its line.
    func startOfSpaces(before offset: Int) -> Int {
        var index = offset
        while index > 0, scalars[index - 1] == " " { index -= 1 }
        return index
    }

    // MARK: - Edits

    /// Replaces a plain one-word scalar (such as `draft` in `{status: draft, …}`) with `word`.
    mutating func replaceScalar(_ node: Node, with word: String) throws(UnsupportedShape) {
        let start = try offset(of: node)
        guard case .scalar(let scalar) = node, scalar.style == .plain,
              scalars[start...].starts(with: scalar.string.unicodeScalars) else {
            throw UnsupportedShape(line: line(of: start), reason: "a value that is not a plain word")
        }
        replace(start..<(start + scalar.string.unicodeScalars.count), with: word)
    }

    /// Replaces `range` once ``result`` is asked for. Ranges must not overlap.
    mutating func replace(_ range: Range<Int>, with replacement: String) {
        edits.append((range, replacement))
    }

    mutating func insert(_ text: String, at offset: Int) {
        edits.append((offset..<offset, text))
    }

    /// The text with every edit applied.
    var result: String {
        var output = scalars
        // Back to front, so that earlier offsets stay valid; insertions at one offset keep their order.
        let ordered = edits.enumerated()
            .sorted { ($0.element.range.lowerBound, $0.offset) > ($1.element.range.lowerBound, $1.offset) }
        for (_, edit) in ordered {
            output.replaceSubrange(edit.range, with: Array(edit.replacement.unicodeScalars))
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: output)
        return String(view)
    }
}
