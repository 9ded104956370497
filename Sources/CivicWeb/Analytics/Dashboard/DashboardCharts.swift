import Foundation

/// The dashboard's charts, drawn as inline SVG on ``SVGCanvas``. Each takes its labels and value
/// texts already worded and formatted (in the page's language), so the charts only place them.
/// Colours are not the only carrier of meaning: every bar and point has its value written beside
/// it and the page repeats the figures in a table.
enum DashboardCharts {
    static let met = "#2e7d32"
    static let notMet = "#c62828"
    static let noData = "#9e9e9e"
    static let line = "#0b57a4"
    static let target = "#6a1b9a"
    static let grid = "#d0d0d0"

    /// One horizontal bar of a rate.
    struct RateBar: Sendable {
        let label: String
        /// In [0, 1]; nil for no data (drawn as an empty row with ``valueText``).
        let rate: Double?
        /// The figure written at the bar's end, e.g. `84,9% (n = 486)`.
        let valueText: String
        let met: Bool?
    }

    /// Horizontal bars from 0 to 100%, one row per item, with the target as a dashed line.
    static func rateBars(id: String, title: String, description: String, bars: [RateBar], target: Double?,
                         targetText: String) -> String {
        let labelWidth = 230.0, barWidth = 330.0, valueWidth = 140.0, row = 26.0, top = 24.0
        var canvas = SVGCanvas(width: labelWidth + barWidth + valueWidth, height: top + Double(max(bars.count, 1)) * row + 22)
        let left = labelWidth
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = left + tick * barWidth
            canvas.line(x1: x, y1: top - 4, x2: x, y2: top + Double(bars.count) * row, stroke: grid)
            canvas.text("\(Int(tick * 100))%", x: x, y: top + Double(bars.count) * row + 16, anchor: .middle, size: 11)
        }
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * row
            canvas.text(truncated(bar.label, to: 34), x: labelWidth - 8, y: y + 17, anchor: .end)
            if let rate = bar.rate {
                let colour = bar.met == false ? notMet : met
                canvas.rect(x: left, y: y + 5, width: rate * barWidth, height: row - 10, fill: colour,
                            tooltip: "\(bar.label): \(bar.valueText)")
            }
            canvas.text(bar.valueText, x: left + barWidth + 6, y: y + 17, size: 11, fill: bar.rate == nil ? noData : "#1a1a1a")
        }
        if let target {
            let x = left + target * barWidth
            canvas.line(x1: x, y1: top - 8, x2: x, y2: top + Double(bars.count) * row, stroke: Self.target, width: 2, dashed: true)
            canvas.text(targetText, x: x, y: top - 10, anchor: .middle, size: 11, bold: true, fill: Self.target)
        }
        return canvas.render(id: id, title: title, description: description)
    }

    /// One point of a trend.
    struct TrendPoint: Sendable {
        /// The month, e.g. `01/2026`.
        let label: String
        let rate: Double?
        let valueText: String
        /// The month's own target, when the targets changed within the trend (nil: `target`).
        var target: Double? = nil
    }

    /// A line of rates over months, with the target dashed: a straight line, or steps where a
    /// month's own target differs (a target changed from that month on), labelled at the end with
    /// the last one. The vertical axis starts at the nearest 10% below the lowest rate or target
    /// (so 84% against 90% is readable), never above 0.
    static func trend(id: String, title: String, description: String, points: [TrendPoint], target: Double?,
                      targetText: String) -> String {
        let width = 700.0, height = 240.0, left = 48.0, right = 16.0, top = 20.0, bottom = 40.0
        var canvas = SVGCanvas(width: width, height: height)
        let targets = points.compactMap { $0.target ?? target }
        let values = points.compactMap(\.rate) + targets + (target.map { [$0] } ?? [])
        let floor = max(0, ((values.min() ?? 0) * 10).rounded(.down) / 10 - 0.1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func y(_ rate: Double) -> Double { top + (1 - (rate - floor) / (1 - floor)) * plotHeight }
        func x(_ index: Int) -> Double {
            points.count <= 1 ? left + plotWidth / 2 : left + Double(index) / Double(points.count - 1) * plotWidth
        }
        let steps = 5
        for step in 0...steps {
            let rate = floor + (1 - floor) * Double(step) / Double(steps)
            canvas.line(x1: left, y1: y(rate), x2: width - right, y2: y(rate), stroke: grid)
            canvas.text("\(Int((rate * 100).rounded()))%", x: left - 6, y: y(rate) + 4, anchor: .end, size: 11)
        }
        if targets.count == points.count, Set(targets).count > 1 {
            // Each month's target across its own width, joined where it changes.
            let half = points.count <= 1 ? plotWidth / 2 : plotWidth / Double(points.count - 1) / 2
            for (index, value) in targets.enumerated() {
                let from = max(left, x(index) - half), to = min(width - right, x(index) + half)
                canvas.line(x1: from, y1: y(value), x2: to, y2: y(value), stroke: Self.target, width: 2, dashed: true)
                if index > 0, targets[index - 1] != value {
                    canvas.line(x1: from, y1: y(targets[index - 1]), x2: from, y2: y(value), stroke: Self.target, width: 2,
                                dashed: true)
                }
            }
            if let last = targets.last {
                canvas.text(targetText, x: width - right, y: y(last) - 6, anchor: .end, size: 11, bold: true, fill: Self.target)
            }
        } else if let target {
            canvas.line(x1: left, y1: y(target), x2: width - right, y2: y(target), stroke: Self.target, width: 2, dashed: true)
            canvas.text(targetText, x: width - right, y: y(target) - 6, anchor: .end, size: 11, bold: true, fill: Self.target)
        }
        // A month without answers breaks the line rather than joining its neighbours across it.
        var segment: [(x: Double, y: Double)] = []
        for (index, point) in points.enumerated() {
            if let rate = point.rate {
                segment.append((x(index), y(rate)))
            } else {
                canvas.polyline(segment, stroke: line)
                segment = []
            }
        }
        canvas.polyline(segment, stroke: line)
        for (index, point) in points.enumerated() {
            canvas.text(point.label, x: x(index), y: height - bottom + 18, anchor: .middle, size: 11)
            if let rate = point.rate {
                canvas.circle(cx: x(index), cy: y(rate), r: 4, fill: line, tooltip: "\(point.label): \(point.valueText)")
                canvas.text(point.valueText, x: x(index), y: y(rate) - 9, anchor: .middle, size: 10)
            }
        }
        return canvas.render(id: id, title: title, description: description)
    }

    /// A part of a stacked bar of counts.
    struct Segment: Sendable {
        let count: Int
        let colour: String
    }

    /// One row of stacked counts, e.g. a unit's PAKN: handled, pending, overdue.
    struct CountBar: Sendable {
        let label: String
        let segments: [Segment]
        let valueText: String
    }

    /// Horizontal stacked bars of counts, scaled to the largest total, with a legend above.
    static func stackedCounts(id: String, title: String, description: String, bars: [CountBar],
                              legend: [(label: String, colour: String)]) -> String {
        let labelWidth = 230.0, barWidth = 330.0, valueWidth = 140.0, row = 26.0, top = 30.0
        var canvas = SVGCanvas(width: labelWidth + barWidth + valueWidth, height: top + Double(max(bars.count, 1)) * row + 8)
        var legendX = labelWidth
        for item in legend {
            canvas.rect(x: legendX, y: 6, width: 12, height: 12, fill: item.colour)
            canvas.text(item.label, x: legendX + 16, y: 16, size: 11)
            legendX += 24 + Double(item.label.count) * 6.5
        }
        let largest = max(1, bars.map { $0.segments.reduce(0) { $0 + $1.count } }.max() ?? 1)
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * row
            canvas.text(truncated(bar.label, to: 34), x: labelWidth - 8, y: y + 17, anchor: .end)
            var x = labelWidth
            for segment in bar.segments where segment.count > 0 {
                let width = Double(segment.count) / Double(largest) * barWidth
                canvas.rect(x: x, y: y + 5, width: width, height: row - 10, fill: segment.colour)
                x += width
            }
            canvas.text(bar.valueText, x: labelWidth + barWidth + 6, y: y + 17, size: 11)
        }
        return canvas.render(id: id, title: title, description: description)
    }

    /// Long unit names end in `…` inside the chart; the table beside it has them in full.
    static func truncated(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
