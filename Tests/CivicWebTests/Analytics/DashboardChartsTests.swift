import Foundation
import Testing
@testable import CivicWeb

/// The server-drawn SVG: accessible, escaped, sized from the figures.
struct DashboardChartsTests {
    @Test func everyTextIsEscaped() {
        let svg = DashboardCharts.rateBars(
            id: "c", title: "<script>alert(1)</script>", description: "a & b",
            bars: [.init(label: "Sở \"Tư\" pháp <b>", rate: 0.5, valueText: "50%", met: false)],
            target: 0.9, targetText: "Target 90%")
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(svg.contains("Sở &quot;Tư&quot; pháp &lt;b&gt;"))
        #expect(svg.contains("a &amp; b"))
    }

    @Test func chartsAreLabelledImages() {
        let svg = DashboardCharts.trend(
            id: "t", title: "Trend", description: "From January to March",
            points: [.init(label: "01/26", rate: 0.8, valueText: "80%"), .init(label: "02/26", rate: nil, valueText: "—"),
                     .init(label: "03/26", rate: 0.95, valueText: "95%")],
            target: 0.9, targetText: "Target")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""))
        #expect(svg.contains("aria-labelledby=\"t-title t-desc\""))
        #expect(svg.contains("aria-label=\"Trend\""))
        #expect(svg.contains("<title id=\"t-title\">Trend</title><desc id=\"t-desc\">From January to March</desc>"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2, "no point for the month without data")
        #expect(!svg.contains("<polyline"), "a gap breaks the line: single points are not joined")
        #expect(svg.contains("stroke-dasharray"), "the target line")
    }

    @Test func barsAreAsLongAsTheirRates() {
        let svg = DashboardCharts.rateBars(id: "b", title: "t", description: "d",
                                           bars: [.init(label: "A", rate: 1, valueText: "", met: true),
                                                  .init(label: "B", rate: 0.5, valueText: "", met: false),
                                                  .init(label: "C", rate: nil, valueText: "no data", met: nil)],
                                           target: nil, targetText: "")
        #expect(svg.contains("width=\"330\" height=\"16\" fill=\"\(DashboardCharts.met)\""))
        #expect(svg.contains("width=\"165\" height=\"16\" fill=\"\(DashboardCharts.notMet)\""))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 2)
        #expect(SVGCanvas.number(-0.001) == "0" && SVGCanvas.number(12.345) == "12.35")
    }
}
