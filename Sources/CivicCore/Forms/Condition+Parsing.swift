import Foundation

extension Condition {
    /// Parses a `show_if` expression.
    ///
    /// Grammar (precedence from loosest to tightest: `or`, `and`, `not`):
    /// ```
    /// expr    := and ('or' and)*
    /// and     := unary ('and' unary)*
    /// unary   := 'not' unary | primary
    /// primary := '(' expr ')' | 'answered' '(' id ')'
    ///          | id ('==' | '!=' | '<' | '<=' | '>' | '>=') literal
    ///          | id 'in' '[' literal (',' literal)* ']'
    ///          | id 'contains' literal
    /// literal := integer | decimal | 'text' | "text" | true | false
    /// ```
    /// - Throws: ``ConditionSyntaxError`` with the offset of the first problem.
    public static func parse(_ source: String) throws(ConditionSyntaxError) -> Condition {
        var parser = ConditionParser(tokens: try ConditionLexer.tokens(of: source))
        return try parser.parseExpression()
    }
}

/// One lexical token of an expression, with its 0-based offset in Unicode scalars.
struct ConditionToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case word(String)
        case number(Condition.Literal)
        case string(String)
        case op(Condition.Operator)
        case leftParen, rightParen, leftBracket, rightBracket, comma
        case end
    }

    let kind: Kind
    let offset: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .word(let word): "'\(word)'"
        case .number(let literal): "'\(literal.text)'"
        case .string(let text): "the text '\(text)'"
        case .op(let op): "'\(op.rawValue)'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .comma: "','"
        case .end: "the end of the expression"
        }
    }
}

/// Splits an expression into tokens; rejects characters with no meaning, naming the likely fix.
enum ConditionLexer {
    static func tokens(of source: String) throws(ConditionSyntaxError) -> [ConditionToken] {
        let scalars = Array(source.unicodeScalars)
        var tokens: [ConditionToken] = []
        var index = 0

        func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
            index + ahead < scalars.count ? scalars[index + ahead] : nil
        }
        func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return ("0"..."9").contains(scalar)
        }
        func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
        }

        while let scalar = peek() {
            let start = index
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            if isWordStart(scalar) {
                var word = ""
                while let next = peek(), isWordStart(next) || isDigit(next) {
                    word.unicodeScalars.append(next)
                    index += 1
                }
                tokens.append(ConditionToken(kind: .word(word), offset: start))
                continue
            }
            if isDigit(scalar) || (scalar == "-" && isDigit(peek(1))) {
                var text = String(scalar)
                index += 1
                while isDigit(peek()) {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                if peek() == ".", isDigit(peek(1)) {
                    text += "."
                    index += 1
                    while isDigit(peek()) {
                        text.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                }
                if let next = peek(), isWordStart(next) || next == "." {
                    throw ConditionSyntaxError(message: "malformed number", offset: index)
                }
                let literal: Condition.Literal
                if let value = Int(text) {
                    literal = .int(value)
                } else if !text.contains("."), text.count > 1 {
                    throw ConditionSyntaxError(message: "the number \(text) is too large", offset: start)
                } else if let value = Decimal(string: text) {
                    literal = .decimal(value)
                } else {
                    throw ConditionSyntaxError(message: "malformed number", offset: start)
                }
                tokens.append(ConditionToken(kind: .number(literal), offset: start))
                continue
            }
            if scalar == "'" || scalar == "\"" {
                index += 1
                var text = ""
                var closed = false
                while let next = peek() {
                    index += 1
                    if next == scalar {
                        closed = true
                        break
                    }
                    if next == "\\", let escaped = peek(), escaped == scalar || escaped == "\\" {
                        text.unicodeScalars.append(escaped)
                        index += 1
                    } else {
                        text.unicodeScalars.append(next)
                    }
                }
                guard closed else {
                    throw ConditionSyntaxError(message: "text is not closed; add the closing \(scalar)", offset: start)
                }
                tokens.append(ConditionToken(kind: .string(VietnameseText.nfc(text)), offset: start))
                continue
            }
            let two = peek(1).map { String(scalar) + String($0) } ?? String(scalar)
            switch two {
            case "==", "!=", "<=", ">=":
                tokens.append(ConditionToken(kind: .op(Condition.Operator(rawValue: two) ?? .equal), offset: start))
                index += 2
                continue
            case "&&":
                throw ConditionSyntaxError(message: "write 'and' instead of '&&'", offset: start)
            case "||":
                throw ConditionSyntaxError(message: "write 'or' instead of '||'", offset: start)
            default:
                break
            }
            let kind: ConditionToken.Kind
            switch scalar {
            case "<": kind = .op(.less)
            case ">": kind = .op(.greater)
            case "(": kind = .leftParen
            case ")": kind = .rightParen
            case "[": kind = .leftBracket
            case "]": kind = .rightBracket
            case ",": kind = .comma
            case "=": throw ConditionSyntaxError(message: "write '==' to compare", offset: start)
            case "!": throw ConditionSyntaxError(message: "write 'not' instead of '!'", offset: start)
            default:
                throw ConditionSyntaxError(message: "unexpected character '\(scalar)'", offset: start)
            }
            tokens.append(ConditionToken(kind: kind, offset: start))
            index += 1
        }
        tokens.append(ConditionToken(kind: .end, offset: scalars.count))
        return tokens
    }
}

/// The recursive-descent parser over a token list.
struct ConditionParser {
    private let tokens: [ConditionToken]
    private var position = 0
    private var depth = 0
    /// Deep enough for any real form; stops a pathological file from exhausting the stack.
    private static let maximumDepth = 50

    init(tokens: [ConditionToken]) {
        self.tokens = tokens
    }

    private var current: ConditionToken { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() {
        position += 1
    }

    private func isWord(_ word: String) -> Bool {
        current.kind == .word(word)
    }

    mutating func parseExpression() throws(ConditionSyntaxError) -> Condition {
        let condition = try parseOr()
        guard current.kind == .end else {
            throw ConditionSyntaxError(message: "unexpected \(current.display); expected 'and', 'or' or the end",
                                       offset: current.offset)
        }
        return condition
    }

    private mutating func parseOr() throws(ConditionSyntaxError) -> Condition {
        var left = try parseAnd()
        while isWord("or") {
            advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(ConditionSyntaxError) -> Condition {
        var left = try parseUnary()
        while isWord("and") {
            advance()
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(ConditionSyntaxError) -> Condition {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ConditionSyntaxError(message: "the expression is nested too deeply", offset: current.offset)
        }
        if isWord("not") {
            advance()
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ConditionSyntaxError) -> Condition {
        let token = current
        switch token.kind {
        case .leftParen:
            advance()
            let inner = try parseOr()
            try expect(.rightParen, "')'")
            return inner
        case .word("answered"):
            advance()
            try expect(.leftParen, "'(' after 'answered'")
            let (name, offset) = try questionName()
            try expect(.rightParen, "')'")
            return .test(Condition.Test(question: name, predicate: .answered, questionOffset: offset))
        case .word(let word) where !Condition.reservedWords.contains(word):
            let (name, offset) = try questionName()
            return .test(try predicate(for: name, at: offset))
        case .end:
            throw ConditionSyntaxError(message: "the expression ends too soon; expected a question id, 'not', 'answered(…)' or '('",
                                       offset: token.offset)
        default:
            throw ConditionSyntaxError(message: "unexpected \(token.display); expected a question id, 'not', 'answered(…)' or '('",
                                       offset: token.offset)
        }
    }

    private mutating func predicate(for name: String, at offset: Int) throws(ConditionSyntaxError) -> Condition.Test {
        let token = current
        switch token.kind {
        case .op(let op):
            advance()
            let (literal, literalOffset) = try literal()
            return Condition.Test(question: name, predicate: .compare(op, literal),
                                  questionOffset: offset, literalOffsets: [literalOffset])
        case .word("in"):
            advance()
            try expect(.leftBracket, "'[' after 'in'")
            var literals: [Condition.Literal] = []
            var offsets: [Int] = []
            repeat {
                if !literals.isEmpty { advance() }
                let (literal, literalOffset) = try literal()
                literals.append(literal)
                offsets.append(literalOffset)
            } while current.kind == .comma
            try expect(.rightBracket, "',' or ']'")
            return Condition.Test(question: name, predicate: .isIn(literals), questionOffset: offset, literalOffsets: offsets)
        case .word("contains"):
            advance()
            let (literal, literalOffset) = try literal()
            return Condition.Test(question: name, predicate: .contains(literal),
                                  questionOffset: offset, literalOffsets: [literalOffset])
        default:
            throw ConditionSyntaxError(
                message: "expected a comparison after '\(name)' (==, !=, <, <=, >, >=, in or contains), found \(token.display)",
                offset: token.offset)
        }
    }

    private mutating func questionName() throws(ConditionSyntaxError) -> (String, Int) {
        let token = current
        guard case .word(let word) = token.kind, !Condition.reservedWords.contains(word) else {
            throw ConditionSyntaxError(message: "expected a question id, found \(token.display)", offset: token.offset)
        }
        advance()
        return (word, token.offset)
    }

    private mutating func literal() throws(ConditionSyntaxError) -> (Condition.Literal, Int) {
        let token = current
        let literal: Condition.Literal
        switch token.kind {
        case .number(let number): literal = number
        case .string(let text): literal = .string(text)
        case .word("true"): literal = .bool(true)
        case .word("false"): literal = .bool(false)
        case .word(let word):
            throw ConditionSyntaxError(message: "expected a value, found '\(word)'; put text in quotes: '\(word)'",
                                       offset: token.offset)
        default:
            throw ConditionSyntaxError(message: "expected a value (a number, quoted text, true or false), found \(token.display)",
                                       offset: token.offset)
        }
        advance()
        return (literal, token.offset)
    }

    private mutating func expect(_ kind: ConditionToken.Kind, _ what: String) throws(ConditionSyntaxError) {
        guard current.kind == kind else {
            throw ConditionSyntaxError(message: "expected \(what), found \(current.display)", offset: current.offset)
        }
        advance()
    }
}
