/// Splits a PostgreSQL script into single statements.
///
/// PostgresNIO sends every query through the extended protocol, which accepts one statement per
/// query (vapor/postgres-nio#145), so migration files are split here. No library in the mirror does
/// this. The splitter understands what can hide a semicolon: single-quoted strings (with `''`),
/// escape strings (`E'…\'…'`), quoted identifiers, `--` and nested `/* */` comments, and
/// dollar-quoted bodies (`$$…$$`, `$fn$…$fn$`). Statements that hold only comments are dropped.
public enum SQLStatementSplitter {
    /// A statement and the line of the script it starts on (for error messages).
    public struct Statement: Sendable, Hashable {
        public let sql: String
        public let line: Int
    }

    public struct UnterminatedError: Error, Sendable, Hashable, CustomStringConvertible {
        public let construct: String
        public let line: Int
        public init(construct: String, line: Int) {
            self.construct = construct
            self.line = line
        }
        public var description: String { "unterminated \(construct) starting on line \(line)" }
    }

    /// - Throws: ``UnterminatedError`` when a string, identifier, comment or dollar-quoted body
    ///   runs to the end of the script (a statement would otherwise be silently cut).
    public static func split(_ script: String) throws(UnterminatedError) -> [Statement] {
        let chars = Array(script.unicodeScalars)
        var statements: [Statement] = []
        var current = String.UnicodeScalarView()
        var hasCode = false           // the current statement holds something other than comments/space
        var line = 1
        var statementLine = 1
        var i = 0

        func flush() {
            let text = String(current).trimmingWhitespace()
            if hasCode, !text.isEmpty { statements.append(Statement(sql: text, line: statementLine)) }
            current.removeAll()
            hasCode = false
        }
        func startCode() {
            if !hasCode { statementLine = line; hasCode = true }
        }

        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "-" where next == "-":
                // Line comment: kept in the text (harmless), skipped for splitting.
                while i < chars.count, chars[i] != "\n" { current.append(chars[i]); i += 1 }
                continue
            case "/" where next == "*":
                let startLine = line
                var depth = 0
                repeat {
                    if chars[i] == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                        depth += 1; current.append("/"); current.append("*"); i += 2
                    } else if chars[i] == "*", i + 1 < chars.count, chars[i + 1] == "/" {
                        depth -= 1; current.append("*"); current.append("/"); i += 2
                    } else {
                        if chars[i] == "\n" { line += 1 }
                        current.append(chars[i]); i += 1
                    }
                } while depth > 0 && i < chars.count
                if depth > 0 { throw UnterminatedError(construct: "block comment", line: startLine) }
                continue
            case "'":
                startCode()
                let escapes = i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e")
                    && (i < 2 || !isIdentifierScalar(chars[i - 2]))
                let startLine = line
                current.append(c); i += 1
                var closed = false
                while i < chars.count {
                    let s = chars[i]
                    if s == "\n" { line += 1 }
                    current.append(s); i += 1
                    if escapes, s == "\\", i < chars.count {
                        if chars[i] == "\n" { line += 1 }
                        current.append(chars[i]); i += 1
                    } else if s == "'" {
                        if i < chars.count, chars[i] == "'" { current.append("'"); i += 1 } else { closed = true; break }
                    }
                }
                if !closed { throw UnterminatedError(construct: "string", line: startLine) }
                continue
            case "\"":
                startCode()
                let startLine = line
                current.append(c); i += 1
                var closed = false
                while i < chars.count {
                    let s = chars[i]
                    if s == "\n" { line += 1 }
                    current.append(s); i += 1
                    if s == "\"" {
                        if i < chars.count, chars[i] == "\"" { current.append("\""); i += 1 } else { closed = true; break }
                    }
                }
                if !closed { throw UnterminatedError(construct: "quoted identifier", line: startLine) }
                continue
            case "$":
                if let tag = dollarTag(chars, at: i), i == 0 || !isIdentifierScalar(chars[i - 1]) {
                    startCode()
                    let startLine = line
                    current.append(contentsOf: tag); i += tag.count
                    var closed = false
                    while i < chars.count {
                        if chars[i] == "$", matches(chars, at: i, tag) {
                            current.append(contentsOf: tag); i += tag.count
                            closed = true
                            break
                        }
                        if chars[i] == "\n" { line += 1 }
                        current.append(chars[i]); i += 1
                    }
                    if !closed { throw UnterminatedError(construct: "dollar-quoted body \(String(String.UnicodeScalarView(tag)))", line: startLine) }
                    continue
                }
            case ";":
                flush()
                i += 1
                continue
            default:
                break
            }
            if c == "\n" { line += 1 }
            if !c.properties.isWhitespace { startCode() }
            current.append(c)
            i += 1
        }
        flush()
        return statements
    }

    /// `$tag$` or `$$` at `index`, as scalars; nil for a positional parameter such as `$1`.
    private static func dollarTag(_ chars: [Unicode.Scalar], at index: Int) -> [Unicode.Scalar]? {
        var j = index + 1
        while j < chars.count, chars[j] != "$" {
            let s = chars[j]
            let isTagScalar = s == "_" || s.properties.isAlphabetic || (j > index + 1 && ("0"..."9").contains(s))
            guard isTagScalar else { return nil }
            j += 1
        }
        guard j < chars.count else { return nil }
        return Array(chars[index...j])
    }

    private static func matches(_ chars: [Unicode.Scalar], at index: Int, _ tag: [Unicode.Scalar]) -> Bool {
        guard index + tag.count <= chars.count else { return false }
        for k in 0..<tag.count where chars[index + k] != tag[k] { return false }
        return true
    }

    private static func isIdentifierScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
