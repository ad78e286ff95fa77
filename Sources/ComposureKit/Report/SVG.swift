/// A small builder for inline SVG: shapes and labels in user units, every label escaped.
///
/// Attribute values written by callers are numbers, colours and class names chosen in code;
/// text from the data only ever goes through ``text(_:x:y:anchor:className:)`` and
/// ``title(_:)``, which escape it.
struct SVG {
    /// The drawing's size in user units (it scales to its container's width).
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A coordinate or length with at most one decimal.
    static func number(_ value: Double) -> String {
        let text = NumberText.decimal(value, places: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A colour as `#rrggbb`, for fills computed from data (never data text itself).
    static func hex(red: Double, green: Double, blue: Double) -> String {
        let digits = "0123456789abcdef".map { $0 }
        return "#"
            + [red, green, blue].map { channel -> String in
                let value = Int(min(255, max(0, channel.rounded())))
                return String([digits[value / 16], digits[value % 16]])
            }.joined()
    }

    /// A rectangle; `tooltip` becomes a `<title>` (escaped).
    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, radius: Double = 0,
        className: String? = nil, tooltip: String? = nil
    ) {
        var tag = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\""
        tag += " height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\""
        if radius > 0 { tag += " rx=\"\(Self.number(radius))\"" }
        if let className { tag += " class=\"\(className)\"" }
        body += close(tag, element: "rect", tooltip: tooltip)
    }

    /// A straight line.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) {
        body += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\""
        body += " y2=\"\(Self.number(y2))\" class=\"\(className)\"/>"
    }

    /// A polyline through `points`.
    mutating func polyline(_ points: [(x: Double, y: Double)], className: String) {
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\" class=\"\(className)\"/>"
    }

    /// A closed polygon through `points`.
    mutating func polygon(_ points: [(x: Double, y: Double)], className: String) {
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        body += "<polygon points=\"\(list)\" class=\"\(className)\"/>"
    }

    /// A dot; `tooltip` becomes a `<title>` (escaped).
    mutating func circle(x: Double, y: Double, radius: Double, fill: String, tooltip: String? = nil) {
        let tag =
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\""
            + " fill=\"\(fill)\" class=\"dot\""
        body += close(tag, element: "circle", tooltip: tooltip)
    }

    /// A label; `text` is escaped.
    mutating func text(
        _ text: String, x: Double, y: Double, anchor: String = "start", className: String = "label",
        rotate: Double? = nil, fill: String? = nil
    ) {
        var tag =
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\" class=\"\(className)\""
        if let rotate { tag += " transform=\"rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))\"" }
        if let fill { tag += " fill=\"\(fill)\"" }
        body += tag + ">" + HTML.text(text) + "</text>"
    }

    /// Raw markup made by code in this module (gradients); never data.
    mutating func definitions(_ markup: String) {
        body += "<defs>" + markup + "</defs>"
    }

    /// Ends `tag` (an open `<element ...`), with a `<title>` child when there is a tooltip.
    private func close(_ tag: String, element: String, tooltip: String?) -> String {
        guard let tooltip else { return tag + "/>" }
        return tag + "><title>" + HTML.text(tooltip) + "</title></" + element + ">"
    }

    /// The finished `<svg>` element; `label` (escaped) is read by screen readers.
    func render(label: String, className: String = "chart") -> String {
        "<svg class=\"\(className)\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
            + " width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
            + " role=\"img\" aria-label=\"\(HTML.text(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
            + body + "</svg>"
    }
}
