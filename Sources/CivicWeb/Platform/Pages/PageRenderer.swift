import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Server-rendered HTML from the templates in `templates/` (mustache escapes every `{{value}}`).
struct PageRenderer: Sendable {
    static let templateNames = ["layout", "form", "index", "message", "pakn-status", "pakn-public",
                                "staff-layout", "staff-header", "staff-message", "staff-login", "staff-home", "staff-account",
                                "staff-password", "staff-secret", "staff-admin-users", "staff-admin-user", "staff-admin-units",
                                "staff-admin-units-preview", "staff-admin-targets", "staff-admin-audit",
                                "staff-admin-translations", "staff-admin-translations-preview", "staff-admin-privacy",
                                "unit-selector", "period-selector", "analytics-selector",
                                "staff-feedback-list", "staff-feedback-item",
                                "analytics-layout", "analytics-report", "analytics-dashboard", "form-selector",
                                "staff-admin-dossiers", "staff-plan", "staff-plans", "staff-paper", "staff-paper-batch",
                                "staff-desks", "staff-desk", "staff-desk-sheet", "staff-desk-ratings",
                                "staff-exports", "staff-export-job",
                                "kiosk-layout", "kiosk", "kiosk-thanks",
                                "staff-admin-webhooks", "staff-admin-webhook"]

    let library: MustacheLibrary

    /// Loads the templates and checks that each one the pages use is there: swift-mustache returns
    /// an empty library for a missing directory (STACK-NOTES 4), which must not go unnoticed.
    static func load() async throws -> PageRenderer {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw TemplateError.missing("templates directory in the CivicWeb resource bundle")
        }
        let library = try await MustacheLibrary(directory: directory.path)
        for name in templateNames where library.getTemplate(named: name) == nil {
            throw TemplateError.missing("template \(name).mustache")
        }
        return PageRenderer(library: library)
    }

    enum TemplateError: Error, CustomStringConvertible {
        case missing(String)
        var description: String {
            switch self {
            case .missing(let what): "cannot start: \(what) not found"
            }
        }
    }

    func html(_ model: Any, template: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        html(text: render(model, template: template), status: status, headers: headers)
    }

    /// The page's HTML text.
    func render(_ model: Any, template: String) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    /// A response for HTML already rendered, with the pages' security headers.
    func html(text body: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
