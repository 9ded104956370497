import Testing
@testable import CivicWeb

/// The export's fast reader of stored answers: exact on the usual shape, false on anything else.
struct FlatJSONObjectTests {
    /// A member as the test reads it back from the spans.
    enum Member: Equatable {
        case number(String), string(String), bool(Bool), null, list([String])
    }

    /// The members `scan` reports, by key; nil when it refuses the text.
    static func members(_ text: String) -> [String: Member]? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { bytes -> [String: Member]? in
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            var members: [String: Member] = [:]
            let read = FlatJSONObject.scan(bytes) { key, span in
                switch span {
                case .number(let range): members[text(key)] = .number(text(range))
                case .string(let range): members[text(key)] = .string(text(range))
                case .bool(let flag): members[text(key)] = .bool(flag)
                case .null: members[text(key)] = .null
                case .list(let range):
                    var items: [String] = []
                    FlatJSONObject.items(of: range, in: bytes) { items.append(text($0)) }
                    members[text(key)] = .list(items)
                }
            }
            return read ? members : nil
        }
    }

    @Test func readsTheUsualAnswersObject() {
        let members = Self.members(#"{"a1": 4, "x": -2.50, "comment": "Cán bộ nhiệt tình", "ok": true, "no": false, "skip": null, "areas": ["procedure", "other"], "nums": [1, 2], "empty": [], "blank": [ ], "texts": ["", "a, b"]}"#)
        #expect(members == [
            "a1": .number("4"), "x": .number("-2.50"), "comment": .string("Cán bộ nhiệt tình"), "ok": .bool(true),
            "no": .bool(false), "skip": .null, "areas": .list(["procedure", "other"]), "nums": .list(["1", "2"]),
            "empty": .list([]), "blank": .list([]), "texts": .list(["", "a, b"]),
        ])
        #expect(Self.members("{}") == [:])
        #expect(Self.members(" {\n\"a\":1 } ") == ["a": .number("1")])
    }

    @Test(arguments: [
        #"{"c": "say \"hi\""}"#, #"{"c": "line\nbreak"}"#, #"{"o": {"a": 1}}"#, #"{"a": 1"#, #"{"a": 1} x"#,
        #"[1, 2]"#, #"{"a": tru}"#, #"{"a": [[1]]}"#, #"{"a" 1}"#, "", #"{"a": 1,}"#, #"{"a": ["x\"y"]}"#, #"{"a": [1,]}"#,
    ])
    func refusesAnythingElse(text: String) {
        #expect(Self.members(text) == nil, "\(text)")
    }
}
