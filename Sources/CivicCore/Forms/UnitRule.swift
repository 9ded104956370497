/// Which organisational unit a response rates.
public enum UnitRule: Sendable, Hashable, Codable {
    /// Always this unit (its code in the unit register).
    case fixed(String)
    /// The citizen picks the unit on the form.
    case chosenByCitizen

    private enum CodingKeys: String, CodingKey {
        case fixed
        case chosenByCitizen
    }

    // Encoded as in the YAML, `{"fixed": "SVHTT"}` or `{"chosenByCitizen": true}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let code = try container.decodeIfPresent(String.self, forKey: .fixed) {
            self = .fixed(code)
        } else if try container.decodeIfPresent(Bool.self, forKey: .chosenByCitizen) == true {
            self = .chosenByCitizen
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected 'fixed' or 'chosenByCitizen: true'"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed(let code): try container.encode(code, forKey: .fixed)
        case .chosenByCitizen: try container.encode(true, forKey: .chosenByCitizen)
        }
    }
}
