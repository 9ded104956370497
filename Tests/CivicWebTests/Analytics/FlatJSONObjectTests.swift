import Testing
@testable import CivicWeb

/// The export's fast reader of stored answers: exact on the usual shape, nil on anything else.
struct FlatJSONObjectTests {
    @Test func readsTheUsualAnswersObject() {
        let members = FlatJSONObject.parse(#"{"a1": 4, "x": -2.50, "comment": "Cán bộ nhiệt tình", "ok": true, "no": false, "skip": null, "areas": ["procedure", "other"], "nums": [1, 2], "empty": []}"#)
        #expect(members == [
            "a1": .number("4"), "x": .number("-2.50"), "comment": .string("Cán bộ nhiệt tình"), "ok": .bool(true),
            "no": .bool(false), "skip": .null, "areas": .list(["procedure", "other"]), "nums": .list(["1", "2"]),
            "empty": .list([]),
        ])
        #expect(FlatJSONObject.parse("{}") == [:])
        #expect(FlatJSONObject.parse(" {\n\"a\":1 } ") == ["a": .number("1")])
    }

    @Test(arguments: [
        #"{"c": "say \"hi\""}"#, #"{"c": "line\nbreak"}"#, #"{"o": {"a": 1}}"#, #"{"a": 1"#, #"{"a": 1} x"#,
        #"[1, 2]"#, #"{"a": tru}"#, #"{"a": [[1]]}"#, #"{"a" 1}"#, "", #"{"a": 1,}"#,
    ])
    func refusesAnythingElse(text: String) {
        #expect(FlatJSONObject.parse(text) == nil, "\(text)")
    }
}
