import Foundation

// A question is stored flat, as in the YAML, with only the keys its type uses:
// `{"id": "q1", "type": "scale", "label": {…}, "required": false, "scale": "satisfaction5"}`.
extension Question: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, type, label, help, required, showIf, scale, options, maxLength, multiline, min, max, integer
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(QuestionType.self, forKey: .type)
        let input: Input
        switch type {
        case .scale:
            input = .scale(name: try c.decode(String.self, forKey: .scale))
        case .singleChoice:
            input = .singleChoice(try c.decode([ChoiceOption].self, forKey: .options))
        case .multipleChoice:
            input = .multipleChoice(try c.decode([ChoiceOption].self, forKey: .options))
        case .yesNo:
            input = .yesNo
        case .text:
            input = .text(maxLength: try c.decodeIfPresent(Int.self, forKey: .maxLength) ?? Question.defaultMaxLength,
                          multiline: try c.decodeIfPresent(Bool.self, forKey: .multiline) ?? false)
        case .number:
            input = .number(min: try c.decodeIfPresent(Decimal.self, forKey: .min),
                            max: try c.decodeIfPresent(Decimal.self, forKey: .max),
                            integer: try c.decodeIfPresent(Bool.self, forKey: .integer) ?? false)
        case .date:
            input = .date(min: try c.decodeIfPresent(CalendarDate.self, forKey: .min),
                          max: try c.decodeIfPresent(CalendarDate.self, forKey: .max))
        }
        self.init(id: try c.decode(String.self, forKey: .id),
                  label: try c.decode(LocalizedText.self, forKey: .label),
                  help: try c.decodeIfPresent(LocalizedText.self, forKey: .help),
                  required: try c.decodeIfPresent(Bool.self, forKey: .required) ?? false,
                  showIf: try c.decodeIfPresent(ShowIf.self, forKey: .showIf),
                  input: input)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(label, forKey: .label)
        try c.encodeIfPresent(help, forKey: .help)
        try c.encode(required, forKey: .required)
        try c.encodeIfPresent(showIf, forKey: .showIf)
        switch input {
        case .scale(let name):
            try c.encode(name, forKey: .scale)
        case .singleChoice(let options), .multipleChoice(let options):
            try c.encode(options, forKey: .options)
        case .yesNo:
            break
        case .text(let maxLength, let multiline):
            try c.encode(maxLength, forKey: .maxLength)
            try c.encode(multiline, forKey: .multiline)
        case .number(let min, let max, let integer):
            try c.encodeIfPresent(min, forKey: .min)
            try c.encodeIfPresent(max, forKey: .max)
            try c.encode(integer, forKey: .integer)
        case .date(let min, let max):
            try c.encodeIfPresent(min, forKey: .min)
            try c.encodeIfPresent(max, forKey: .max)
        }
    }
}
