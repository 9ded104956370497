import Foundation
import CivicCore

/// A minimal writer of inline SVG, for charts drawn on the server: the dashboard must work without
/// JavaScript, and no package in this machine's mirror draws charts server-side, so the few shapes
/// the charts need are written here.
///
/// Guarantees: every text and attribute value passes through ``escape(_:)``, so nothing a unit
/// name or a label holds can open markup; numbers are written with a `.` decimal point whatever
/// the locale; the document is an `<svg role="img">` with a `<title>` and `<desc>` it is labelled
/// by (and an `aria-label` for readers that ignore `aria-labelledby`).
struct SVGCanvas: Sendable {
    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    enum Anchor: String, Sendable {
        case start, middle, end
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil) {
        let shape = #"<rect x="\#(Self.number(x))" y="\#(Self.number(y))" width="\#(Self.number(max(0, width)))" "#
            + #"height="\#(Self.number(max(0, height)))" fill="\#(Self.escape(fill))""#
        elements.append(Self.withTooltip(shape, tooltip))
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       dashed: Bool = false) {
        elements.append(#"<line x1="\#(Self.number(x1))" y1="\#(Self.number(y1))" x2="\#(Self.number(x2))" "#
            + #"y2="\#(Self.number(y2))" stroke="\#(Self.escape(stroke))" stroke-width="\#(Self.number(width))""#
            + (dashed ? #" stroke-dasharray="6 4""# : "") + "/>")
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2) {
        guard points.count > 1 else { return }
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        elements.append(#"<polyline points="\#(list)" fill="none" stroke="\#(Self.escape(stroke))" "#
            + #"stroke-width="\#(Self.number(width))"/>"#)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, tooltip: String? = nil) {
        let shape = #"<circle cx="\#(Self.number(cx))" cy="\#(Self.number(cy))" r="\#(Self.number(r))" "#
            + #"fill="\#(Self.escape(fill))""#
        elements.append(Self.withTooltip(shape, tooltip))
    }

    mutating func text(_ text: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                       bold: Bool = false, fill: String = "#1a1a1a") {
        elements.append(#"<text x="\#(Self.number(x))" y="\#(Self.number(y))" text-anchor="\#(anchor.rawValue)" "#
            + #"font-size="\#(Self.number(size))" fill="\#(Self.escape(fill))""#
            + (bold ? #" font-weight="bold""# : "") + ">\(Self.escape(text))</text>")
    }

    /// The document.
    /// - Parameters:
    ///   - id: unique on the page: the title and description get `id-title` and `id-desc`.
    ///   - title: what the chart shows, read first by screen readers.
    ///   - description: the figures in a sentence or two (the table beside the chart has them all).
    func render(id: String, title: String, description: String) -> String {
        let id = Self.escape(id)
        return #"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \#(Self.number(width)) \#(Self.number(height))" "#
            + #"width="100%" preserveAspectRatio="xMinYMin meet" font-family="system-ui, sans-serif" "#
            + #"aria-labelledby="\#(id)-title \#(id)-desc" aria-label="\#(Self.escape(title))">"#
            + #"<title id="\#(id)-title">\#(Self.escape(title))</title><desc id="\#(id)-desc">\#(Self.escape(description))</desc>"#
            + elements.joined() + "</svg>"
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    static func escape(_ text: String) -> String { XMLText.escaped(text) }

    /// At most two decimals, `.` as the separator, no `-0`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), rounded)
    }

    private static func withTooltip(_ shape: String, _ tooltip: String?) -> String {
        guard let tooltip else { return shape + "/>" }
        return shape + "><title>\(escape(tooltip))</title>" + (shape.hasPrefix("<rect") ? "</rect>" : "</circle>")
    }
}
