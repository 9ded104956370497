import CivicCore
import Testing
@testable import CivicWeb

/// The analytics wording: every key in Vietnamese and English, numbers as each language writes them.
struct AnalyticsTextTests {
    @Test func viAndEnDefineEveryKey() {
        let ui = TestApp.forms.catalog.ui
        for language in AnalyticsText.languages {
            let missing = AnalyticsText.allKeys.filter { ui.tables[language]?.strings[$0] == nil }
            #expect(missing.isEmpty, "ui/\(language).yaml lacks \(missing)")
        }
    }

    @Test func numbersFollowTheLanguage() {
        let vi = AnalyticsText(ui: TestApp.forms.catalog.ui, language: "vi")
        let en = AnalyticsText(ui: TestApp.forms.catalog.ui, language: "en")
        #expect(vi.percent(0.8492) == "84,9%")
        #expect(en.percent(0.8492) == "84.9%")
        #expect(vi.count(36525) == "36.525")
        #expect(en.count(1_234_567) == "1,234,567")
        #expect(en.count(7) == "7")
        #expect(vi.points(1.24) == "+1,2 điểm %")
        #expect(en.points(-3.0) == "−3.0 pp")
        #expect(en.points(nil) == "—")
        #expect(vi.score(15.24, of: 18) == "15,2/18")
        #expect(en.interval(.init(low: 0.8213, high: 0.8731)) == "82.1–87.3%")
    }

    @Test func exportTimesAreInVietnam() {
        #expect(ResponseExportWriter.vietnamTime(MetricsAPITests.instant("2026-02-10T01:00:00Z")) == "2026-02-10T08:00:00+07:00")
        #expect(ResponseExportWriter.vietnamTime(MetricsAPITests.instant("2025-12-31T17:30:05Z")) == "2026-01-01T00:30:05+07:00")
        #expect(ResponseExportWriter.vietnamTime(MetricsAPITests.instant("1969-12-31T16:00:00Z")) == "1969-12-31T23:00:00+07:00")
        #expect(ResponseExportWriter.json("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }
}
