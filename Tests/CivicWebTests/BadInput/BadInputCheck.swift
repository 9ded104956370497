import CivicTestSupport
import Foundation
import HummingbirdTesting

/// What a refusal must look like, for each kind of endpoint.
enum BadInputCheck {
    /// The messages a citizen page may show when it refuses something, per language: the page,
    /// PAKN and field error strings of `Forms/ui/<language>.yaml` (the text before any placeholder),
    /// and a kiosk's page for a token it does not know (`kiosk.unknown_*`).
    static let messages: [String: [String]] = {
        var messages: [String: [String]] = [:]
        for language in ["vi", "en"] {
            let url = TestDatabase.repositoryRoot.appendingPathComponent("Forms/ui/\(language).yaml")
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, ["page.", "pakn.", "error.", "kiosk.unknown_"].contains(where: { parts[0].hasPrefix($0) }) else { continue }
                var value = parts[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                value = String(value.prefix { $0 != "{" }).trimmingCharacters(in: .whitespaces)
                if value.count >= 8 { messages[language, default: []].append(value) }
            }
        }
        return messages
    }()

    /// Everything wrong with `response` as an answer to `item`; empty when it is a clear refusal.
    static func problems(of response: TestResponse, for item: BadInputCase) -> [String] {
        var problems: [String] = []
        let code = Int(response.status.code)
        if code >= 500 { return ["\(code): a server error, \(String(buffer: response.body).prefix(300))"] }
        if !(400..<500).contains(code) { problems.append("\(code), expected a 4xx") }
        if let status = item.status, response.status != status { problems.append("\(code), expected \(status.code)") }
        let contentType = response.headers[.contentType] ?? ""
        let body = String(buffer: response.body)
        switch item.kind {
        case .problem:
            if contentType != "application/problem+json" { problems.append("content type '\(contentType)', expected problem+json") }
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
            if (object?["detail"] as? String ?? "").isEmpty { problems.append("no detail in \(body.prefix(200))") }
            if object?["status"] as? Int != code { problems.append("the problem's status is not \(code)") }
        case .page, .staffPage:
            if !contentType.hasPrefix("text/html") { problems.append("content type '\(contentType)', expected text/html") }
            let language = item.kind == .page ? item.language ?? "vi" : "vi"
            if !body.contains("<html lang=\"\(language)\"") { problems.append("not a page in '\(language)': \(body.prefix(200))") }
            if item.kind == .page {
                let known = messages[language] ?? []
                if !known.contains(where: { body.contains($0) || body.contains(escaped($0)) }) {
                    problems.append("no refusal message in '\(language)'")
                }
            } else if !body.contains("<h1") {
                problems.append("no heading on the staff page")
            }
        case .geoReport:
            if !contentType.hasPrefix("application/json") { problems.append("content type '\(contentType)', expected JSON") }
            let array = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]]
            if array?.first?["code"] as? Int != code || (array?.first?["description"] as? String ?? "").isEmpty {
                problems.append("not a GeoReport error: \(body.prefix(200))")
            }
        }
        return problems
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
