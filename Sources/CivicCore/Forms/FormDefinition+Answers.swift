import Foundation

extension FormDefinition {
    /// Reads answers from an HTML form post (field name → values, in order).
    ///
    /// The field name is the question id; a multiple-choice question is a repeated field. Fields
    /// that name no question (CSRF token, honeypot, language, …) are ignored here. An empty or
    /// blank value means "not answered". Scale and number fields are parsed from text (a number
    /// may use `,` as the decimal point), dates must be `YYYY-MM-DD`, yes/no accepts `yes`/`no`,
    /// `true`/`false`, `1`/`0`.
    ///
    /// Guarantees: a question with a parse error is absent from the answers and has exactly one
    /// error. Pass the answers to ``validate(answers:)`` (or use ``validate(formFields:)``).
    public func answers(fromFormFields fields: [String: [String]]) -> ([String: AnswerValue], [AnswerError]) {
        var answers: [String: AnswerValue] = [:]
        var errors: [AnswerError] = []
        for question in questions {
            let values = (fields[question.id] ?? []).filter {
                !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
            guard !values.isEmpty else { continue }
            if case .multipleChoice = question.input {
                answers[question.id] = .strings(values)
                continue
            }
            guard values.count == 1, let text = values.first else {
                errors.append(AnswerError(questionID: question.id, code: .wrongType))
                continue
            }
            switch Self.fieldValue(text, for: question) {
            case .success(let value): answers[question.id] = value
            case .failure(let error): errors.append(error)
            }
        }
        return (answers, errors)
    }

    /// Reads and checks an HTML form post in one step: ``answers(fromFormFields:)`` then
    /// ``validate(answers:)``, without a second error (such as `required`) for a field that
    /// could not be read.
    public func validate(formFields fields: [String: [String]]) -> AnswerValidation {
        let (answers, readErrors) = answers(fromFormFields: fields)
        return validate(answers: answers, readErrors: readErrors)
    }

    /// Checks an answer set against the form and returns the cleaned answers with every error.
    ///
    /// - Questions are visited in order; a question's `show_if` is evaluated on the cleaned
    ///   answers before it, so an answer to a hidden question is dropped (silently: the citizen
    ///   may have answered before changing an earlier answer) and so are answers that depend on it.
    /// - `required` applies only to shown questions. When a `show_if` depends on an answer that
    ///   has an error, the question's visibility is unknown: its answer is still checked and kept,
    ///   but it is not reported as missing.
    /// - Text is NFC-normalised, trimmed, its line breaks unified to `\n`, rejected if it holds
    ///   control characters other than newline and tab, and measured in characters after NFC.
    /// - An id that names no question gives `unknown_question`.
    public func validate(answers: [String: AnswerValue]) -> AnswerValidation {
        validate(answers: answers, readErrors: [])
    }

    /// ``validate(answers:)`` for answers read by ``answers(fromFormFields:)`` with `readErrors`.
    ///
    /// Guarantees: the result's `errors` include each read error of a shown question once, in
    /// question order, and never a second error (such as `required`) for the same question; a
    /// read error of a hidden question is dropped like its answer would be. Use the result's
    /// errors alone, without adding `readErrors` again.
    public func validate(answers: [String: AnswerValue], readErrors unreadable: [AnswerError]) -> AnswerValidation {
        var cleaned: [String: AnswerValue] = [:]
        var errors: [AnswerError] = []
        // Questions whose answer is in doubt (an error) or whose visibility is in doubt.
        var uncertain = Set(unreadable.map(\.questionID))
        for question in questions {
            var shown = true
            var visibilityKnown = true
            if let showIf = question.showIf {
                if showIf.condition.tests.contains(where: { uncertain.contains($0.question) }) {
                    visibilityKnown = false
                    uncertain.insert(question.id)
                } else {
                    shown = showIf.isShown(given: cleaned)
                }
            }
            guard shown else { continue }
            if let error = unreadable.first(where: { $0.questionID == question.id }) {
                errors.append(error)
                continue
            }
            var value: AnswerValue?
            if let raw = answers[question.id], !raw.isEmpty {
                switch canonicalValue(raw, for: question) {
                case .success(let canonical):
                    value = canonical.isEmpty ? nil : canonical
                case .failure(let error):
                    errors.append(error)
                    uncertain.insert(question.id)
                    continue
                }
            }
            if let value {
                cleaned[question.id] = value
            } else if question.required && visibilityKnown {
                errors.append(AnswerError(questionID: question.id, code: .required))
            }
        }
        let known = Set(questions.map(\.id))
        for id in answers.keys.sorted() where !known.contains(id) {
            errors.append(AnswerError(questionID: id, code: .unknownQuestion))
        }
        return AnswerValidation(answers: cleaned, errors: errors)
    }

    // MARK: - One value

    /// Parses one non-empty HTML field value for `question`.
    private static func fieldValue(_ text: String, for question: Question) -> Result<AnswerValue, AnswerError> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        func failure(_ code: AnswerError.Code) -> Result<AnswerValue, AnswerError> {
            .failure(AnswerError(questionID: question.id, code: code))
        }
        switch question.input {
        case .scale:
            guard let value = Int(trimmed) else { return failure(.notANumber) }
            return .success(.int(value))
        case .number:
            guard let value = DecimalText.parse(trimmed, allowDecimalComma: true) else { return failure(.notANumber) }
            return .success(Self.canonicalNumber(value))
        case .date:
            guard let date = CalendarDate(trimmed) else { return failure(.invalidDate) }
            return .success(.date(date))
        case .yesNo:
            guard let value = Self.yesNo(trimmed) else { return failure(.wrongType) }
            return .success(.bool(value))
        case .singleChoice, .multipleChoice, .text:
            return .success(.string(text))
        }
    }

    /// The canonical value of `raw` for `question`, or why it is not acceptable.
    private func canonicalValue(_ raw: AnswerValue, for question: Question) -> Result<AnswerValue, AnswerError> {
        let id = question.id
        func failure(_ code: AnswerError.Code, _ parameters: [String: String] = [:]) -> Result<AnswerValue, AnswerError> {
            .failure(AnswerError(questionID: id, code: code, parameters: parameters))
        }
        switch question.input {
        case .scale(let name):
            let value: Int
            if case .int(let whole) = raw {
                // The usual case, taken without Decimal (whose formatting was a tenth of validation).
                value = whole
            } else {
                let number: Decimal
                switch raw {
                case .decimal: number = raw.number ?? 0
                case .string(let text):
                    guard let parsed = DecimalText.parse(text.trimmingCharacters(in: .whitespaces)) else {
                        return failure(.notANumber)
                    }
                    number = parsed
                default: return failure(.wrongType)
                }
                guard DecimalText.isWhole(number), let whole = Int(DecimalText.format(number)) else {
                    return failure(.notAnInteger)
                }
                value = whole
            }
            guard let scale = scales[name] else { return failure(.unknownOption, ["value": String(value)]) }
            guard scale.contains(value) else {
                let values = scale.values.sorted()
                if let low = values.first, let high = values.last, values == Array(low...high) {
                    return failure(.outOfRange, ["min": String(low), "max": String(high)])
                }
                return failure(.unknownOption, ["value": String(value)])
            }
            return .success(.int(value))

        case .singleChoice(let options):
            let value: String
            switch raw {
            case .string(let text): value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            case .int(let number): value = String(number)
            default: return failure(.wrongType)
            }
            guard options.contains(where: { $0.value == value }) else {
                return failure(.unknownOption, ["value": value])
            }
            return .success(.string(value))

        case .multipleChoice(let options):
            let chosen: [String]
            switch raw {
            case .strings(let values): chosen = values
            case .string(let value): chosen = [value]
            default: return failure(.wrongType)
            }
            let trimmed = Set(chosen.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty })
            if let unknown = trimmed.sorted().first(where: { value in !options.contains { $0.value == value } }) {
                return failure(.unknownOption, ["value": unknown])
            }
            // The options' order, not the post's, so equal choices are stored equally.
            return .success(.strings(options.map(\.value).filter(trimmed.contains)))

        case .yesNo:
            switch raw {
            case .bool(let value): return .success(.bool(value))
            case .int(let number) where number == 0 || number == 1: return .success(.bool(number == 1))
            case .string(let text):
                guard let value = Self.yesNo(text.trimmingCharacters(in: .whitespaces)) else { return failure(.wrongType) }
                return .success(.bool(value))
            default: return failure(.wrongType)
            }

        case .text(let maxLength, _):
            let text: String
            switch raw {
            case .string(let value): text = value
            case .int, .decimal: text = DecimalText.format(raw.number ?? 0)
            default: return failure(.wrongType)
            }
            let cleaned = VietnameseText.cleanedInput(text)
            if VietnameseText.containsDisallowedControlCharacters(cleaned) { return failure(.controlCharacters) }
            if cleaned.count > maxLength {
                return failure(.tooLong, ["maxLength": String(maxLength), "length": String(cleaned.count)])
            }
            return .success(.string(cleaned))

        case .number(let min, let max, let integer):
            let number: Decimal
            switch raw {
            case .int, .decimal: number = raw.number ?? 0
            case .string(let text):
                guard let parsed = DecimalText.parse(text.trimmingCharacters(in: .whitespaces), allowDecimalComma: true) else {
                    return failure(.notANumber)
                }
                number = parsed
            default: return failure(.wrongType)
            }
            if integer, !DecimalText.isWhole(number) { return failure(.notAnInteger) }
            let below = min.map { number < $0 } ?? false
            let above = max.map { number > $0 } ?? false
            if below || above {
                return failure(.outOfRange, Self.bounds(min.map(DecimalText.format), max.map(DecimalText.format)))
            }
            return .success(Self.canonicalNumber(number))

        case .date(let min, let max):
            let date: CalendarDate
            switch raw {
            case .date(let value): date = value
            case .string(let text):
                guard let parsed = CalendarDate(text.trimmingCharacters(in: .whitespaces)) else {
                    return failure(.invalidDate)
                }
                date = parsed
            default: return failure(.wrongType)
            }
            if (min.map { date < $0 } ?? false) || (max.map { date > $0 } ?? false) {
                return failure(.outOfRange, Self.bounds(min?.description, max?.description))
            }
            return .success(.date(date))
        }
    }

    private static func bounds(_ min: String?, _ max: String?) -> [String: String] {
        var parameters: [String: String] = [:]
        parameters["min"] = min
        parameters["max"] = max
        return parameters
    }

    /// Whole numbers that fit are `.int`, others `.decimal`, whatever form they came in.
    private static func canonicalNumber(_ value: Decimal) -> AnswerValue {
        if DecimalText.isWhole(value), let int = Int(DecimalText.format(value)) { return .int(int) }
        return .decimal(value)
    }

    private static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "1": true
        case "no", "false", "0": false
        default: nil
        }
    }
}
