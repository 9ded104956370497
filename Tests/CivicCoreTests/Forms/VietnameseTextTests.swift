import Foundation
import Testing
@testable import CivicCore

@Suite struct VietnameseTextTests {
    @Test(arguments: [
        ("Hà Nội", "ha noi"),
        ("Đà Nẵng", "da nang"),
        ("ĐẮK LẮK", "dak lak"),
        ("Ha\u{0300} No\u{0302}\u{0323}i", "ha noi"),
        ("  Thừa   Thiên\tHuế ", "thua thien hue"),
        ("Lào Cai", "lao cai"),
        ("Phường Đông Hà", "phuong dong ha"),
    ])
    func searchKey(text: String, key: String) {
        #expect(VietnameseText.searchKey(text) == key)
    }

    @Test func nfcComposesDecomposedText() {
        let decomposed = "Vie\u{0302}\u{0323}t Nam"
        let composed = VietnameseText.nfc(decomposed)
        #expect(composed.unicodeScalars.count == 8)
        #expect(composed.unicodeScalars.map(\.value).contains(0x1EC7))  // ệ
        #expect(VietnameseText.nfc(composed) == composed)
    }

    @Test func cleanedInputAndControlCharacters() {
        #expect(VietnameseText.cleanedInput(" a\r\nb\rc \n") == "a\nb\nc")
        #expect(VietnameseText.containsDisallowedControlCharacters("a\u{0000}b"))
        #expect(VietnameseText.containsDisallowedControlCharacters("a\u{001B}[31m"))
        #expect(!VietnameseText.containsDisallowedControlCharacters("a\nb\tc"))
    }

    @Test func lettersSortInVietnameseAlphabetOrder() {
        let letters = ["y", "x", "v", "ư", "u", "t", "s", "r", "q", "p", "ơ", "ô", "o", "n", "m", "l", "k", "i", "h", "g",
                       "ê", "e", "đ", "d", "c", "b", "â", "ă", "a"]
        #expect(letters.sorted(by: VietnameseText.areInIncreasingOrder)
            == ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q",
                "r", "s", "t", "u", "ư", "v", "x", "y"])
    }

    @Test func tonesAreSecondaryInDictionaryOrder() {
        #expect(["ạ", "á", "ã", "ả", "à", "a"].sorted(by: VietnameseText.areInIncreasingOrder) == ["a", "à", "ả", "ã", "á", "ạ"])
        // A letter difference anywhere outweighs a tone difference.
        #expect(["an", "ác"].sorted(by: VietnameseText.areInIncreasingOrder) == ["ác", "an"])
    }

    @Test func namesSortLikeAVietnameseDirectory() {
        let names = ["Vũ", "Đặng", "Dương", "Ấn", "Bùi", "Ánh", "Anh", "anh", "Ân"]
        #expect(names.sorted(by: VietnameseText.areInIncreasingOrder)
            == ["anh", "Anh", "Ánh", "Ân", "Ấn", "Bùi", "Dương", "Đặng", "Vũ"])
    }

    @Test func collationIgnoresNormalisationForm() {
        #expect(VietnameseText.compare("Hà Nội", "Ha\u{0300} No\u{0302}\u{0323}i") == .orderedSame)
        #expect(VietnameseText.collationKey("Đà") == VietnameseText.collationKey("Đa\u{0300}"))
        #expect(VietnameseText.compare("Đà Nẵng", "Điện Biên") == .orderedAscending)
        #expect(VietnameseText.compare("Điện Biên", "Đà Nẵng") == .orderedDescending)
    }

    @Test func digitsAndSpacesSortBeforeLetters() {
        #expect(["b", "a b", "ab", "2", "10"].sorted(by: VietnameseText.areInIncreasingOrder) == ["10", "2", "a b", "ab", "b"])
    }

    @Test func strictNumberParsing() {
        #expect(DecimalText.parse("12") == 12)
        #expect(DecimalText.parse("-0.25") == Decimal(string: "-0.25"))
        #expect(DecimalText.parse("+3") == 3)
        #expect(DecimalText.parse("3,5") == nil)
        #expect(DecimalText.parse("3,5", allowDecimalComma: true) == Decimal(string: "3.5"))
        for bad in ["", "12abc", "1e5", "1.000,5", " 1", ".5", "5.", "--1", "1,000,000"] {
            #expect(DecimalText.parse(bad, allowDecimalComma: true) == nil, "\(bad) should be refused")
        }
        #expect(DecimalText.format(Decimal(string: "10.50") ?? 0) == "10.5")
        #expect(DecimalText.isWhole(4) && !DecimalText.isWhole(Decimal(string: "4.01") ?? 0))
    }

    @Test func calendarDates() {
        #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("1900-02-29") == nil)
        #expect(CalendarDate("2000-02-29") != nil)
        #expect(CalendarDate("2025-1-5") == nil)
        #expect(CalendarDate("2025-13-01") == nil)
        #expect(CalendarDate(" 2025-01-01") == nil)
        #expect(CalendarDate("2025-01-31")! < CalendarDate("2025-02-01")!)
    }
}
