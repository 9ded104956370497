import CivicCore
import Foundation
import Hummingbird

/// `GET /api/v1/forms` and `GET /api/v1/forms/{id}?lang=`: what a client needs to draw a form and
/// answer it, with the strings that fell back to another language marked.
struct FormsAPIController: Sendable {
    let registry: FormRegistry

    func register(on router: Router<AppRequestContext>) {
        router.get("/api/v1/forms", use: list)
        router.get("/api/v1/forms/:id", use: show)
    }

    struct Summary: Codable, Sendable {
        let id: String
        let version: Int
        let kind: String
        let title: ResolvedText
        let languages: [String: TranslationStatus]
        let href: String
    }

    struct FormList: ResponseEncodable {
        let forms: [Summary]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> FormList {
        let chain = LanguageChain(requested: request.uri.queryParameters.get("lang"))
        return FormList(forms: registry.currentForms.map { definition in
            Summary(id: definition.id, version: definition.version, kind: definition.kind.rawValue,
                    title: definition.resolved(for: chain).title, languages: definition.languages,
                    href: "/api/v1/forms/\(definition.id)")
        })
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id"), let definition = registry.current(id) else {
            throw Problem(status: .notFound, title: "Unknown form", detail: "There is no form with this id.")
        }
        let requested = request.uri.queryParameters.get("lang")
        if let requested, LanguageChain.canonicalTag(requested) == nil {
            throw Problem(status: .badRequest, title: "Invalid language",
                          detail: "lang must be a language tag such as vi, en or hmn.")
        }
        let resolved = definition.resolved(for: LanguageChain(requested: requested))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(resolved))))
    }
}
