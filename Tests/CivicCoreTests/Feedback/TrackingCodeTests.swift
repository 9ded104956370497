import Foundation
import Testing
@testable import CivicCore

@Suite struct TrackingCodeTests {
    @Test func theCodeHasTheNationalShapeWithARandomSuffix() {
        let code = TrackingCode(date: ymd("2026-02-16"), sequence: 12, suffix: "7K3QX9")
        #expect(code.description == "PAKN.20260216.0012-7K3QX9")
        #expect(TrackingCode(date: ymd("2026-02-16"), sequence: 123_456, suffix: "7K3QX9").description
            == "PAKN.20260216.123456-7K3QX9")
        #expect(TrackingCode(date: ymd("2026-02-16"), sequence: 0, suffix: "000000").description
            == "PAKN.20260216.0000-000000")
    }

    @Test func theInitializerNormalisesTheSuffix() {
        #expect(TrackingCode(date: ymd("2026-02-16"), sequence: 1, suffix: "oilxyz").suffix == "011XYZ")
    }

    @Test func randomCodesRoundTrip() throws {
        var random = FeedbackTestRandom(seed: 2022)
        for _ in 0..<500 {
            // setup
            let date = ymd("2025-01-01").adding(days: Int.random(in: 0...1500, using: &random))
            let code = TrackingCode(date: date, sequence: Int.random(in: 0...200_000, using: &random),
                                    suffix: TrackingCode.randomSuffix(using: &random))
            // act
            let parsed = TrackingCode(parsing: code.description)
            let lower = TrackingCode(parsing: code.description.lowercased())
            // validate
            #expect(parsed == code)
            #expect(lower == code)
            let json = try JSONEncoder().encode(code)
            #expect(String(decoding: json, as: UTF8.self) == "\"\(code.description)\"")
            #expect(try JSONDecoder().decode(TrackingCode.self, from: json) == code)
        }
    }

    @Test(arguments: [
        ("pakn.20260216.0012-7k3qx9", "PAKN.20260216.0012-7K3QX9"),
        ("PAKN.20260216.0012-OOIILL", "PAKN.20260216.0012-001111"),
        ("  PAKN.20260216.0012-7K3QX9\n", "PAKN.20260216.0012-7K3QX9"),
        ("Pakn.20260216.12345-abcdef", "PAKN.20260216.12345-ABCDEF"),
    ])
    func parsingNormalises(input: String, canonical: String) {
        #expect(TrackingCode(parsing: input)?.description == canonical)
    }

    @Test(arguments: [
        "",
        "PAKN.20260216.0012",                 // no suffix
        "PAKN.20260216.0012-7K3QX",           // five characters
        "PAKN.20260216.0012-7K3QX99",         // seven
        "PAKN.20260216.0012-7K3QXU",          // U is not in the alphabet
        "PAKN.20260216.0012-7K3QX!",
        "PAKN.20260230.0012-7K3QX9",          // no 30 February
        "PAKN.2026216.0012-7K3QX9",           // seven-digit date
        "PAKN.20260216.012-7K3QX9",           // three-digit sequence
        "PAKN.20260216.00012-7K3QX9",         // extra leading zero
        "PAKN.20260216.1234567890-7K3QX9",    // ten digits
        "PAKN.20260216.+012-7K3QX9",
        "PAKN.20260216.0012_7K3QX9",
        "PAKN.20260216.0012-7K3-X9",
        "PAKX.20260216.0012-7K3QX9",
        "PAKN20260216.0012-7K3QX9",
        "PAKN.20260216.0012.7K3QX9",
        "PAKN.20260216.0012-7K3QX9 extra",
        "PAKN.２０２６0216.0012-7K3QX9",       // full-width digits
        "PAKN.20260216.0012-7K3QXı",          // dotless i upper-cases to I
        "PAKN.20260216.0012-7K3QXſ",          // long s upper-cases to S
    ])
    func badInputIsRejected(input: String) {
        #expect(TrackingCode(parsing: input) == nil)
    }

    @Test func theSuffixAlphabetIsCrockfordsBase32() {
        let alphabet = TrackingCode.alphabet
        #expect(alphabet.count == 32)
        #expect(Set(alphabet).count == 32)
        #expect(!alphabet.contains { "ILOU".contains($0) })
        #expect(alphabet.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) })
    }

    @Test func randomSuffixesUseTheWholeAlphabetAndNothingElse() {
        var random = FeedbackTestRandom(seed: 31)
        var seen: [Character: Int] = [:]
        for _ in 0..<2000 {
            let suffix = TrackingCode.randomSuffix(using: &random)
            #expect(suffix.count == 6)
            for character in suffix { seen[character, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == Set(TrackingCode.alphabet))
        // 12,000 draws over 32 symbols: about 375 each; a biased draw would stray far.
        #expect(seen.values.allSatisfy { (250...500).contains($0) })
        var system = SystemRandomNumberGenerator()
        #expect(TrackingCode(parsing: "PAKN.20260216.0001-" + TrackingCode.randomSuffix(using: &system)) != nil)
    }

    @Test func codesSortByDateThenSequence() {
        let a = TrackingCode(date: ymd("2026-02-15"), sequence: 9, suffix: "ZZZZZZ")
        let b = TrackingCode(date: ymd("2026-02-16"), sequence: 2, suffix: "000000")
        let c = TrackingCode(date: ymd("2026-02-16"), sequence: 10, suffix: "000000")
        #expect([c, b, a].sorted() == [a, b, c])
    }
}
