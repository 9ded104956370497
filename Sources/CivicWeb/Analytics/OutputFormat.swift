import Hummingbird

/// What an analytics route answers in: chosen by `format=`, else by the `Accept` header, else JSON.
enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    case json, csv, html, ndjson

    /// The media type each format is served as.
    var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .ndjson: "application/x-ndjson; charset=utf-8"
        }
    }

    /// The file name extension of a download.
    var fileExtension: String { rawValue }

    /// The format an `Accept` header asks for among `allowed` (first match in the header's order;
    /// quality values are not weighed: clients that want CSV say so plainly). Nil when the header
    /// names none of them, or only `*/*`.
    static func accepted(_ header: String?, among allowed: [OutputFormat]) -> OutputFormat? {
        guard let header else { return nil }
        for item in header.split(separator: ",") {
            let type = item.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            let format: OutputFormat? = switch type {
            case "application/json": .json
            case "text/csv": .csv
            case "text/html": .html
            case "application/x-ndjson", "application/ndjson": .ndjson
            default: nil
            }
            if let format, allowed.contains(format) { return format }
        }
        return nil
    }
}
