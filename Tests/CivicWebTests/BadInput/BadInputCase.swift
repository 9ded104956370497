import Foundation
import HTTPTypes

/// One hostile or broken request of the bad-input corpus, and the kind of refusal it must get.
struct BadInputCase: Sendable, CustomStringConvertible {
    /// How the refusal must be written.
    enum Kind: String, Sendable {
        /// `application/problem+json` with a `detail` (the JSON API, and anything the router refuses).
        case problem
        /// A citizen HTML page whose `lang` is `language`, with a message from that language's strings.
        case page
        /// A staff HTML page (the staff pages are in Vietnamese).
        case staffPage
        /// A GeoReport v2 error: a JSON array of `{code, description}` (Open311).
        case geoReport
    }

    let name: String
    /// The route as the route tables name it, e.g. `POST /api/v1/responses`.
    let endpoint: String
    let method: HTTPRequest.Method
    let uri: String
    var headers: HTTPFields = [:]
    var body: [UInt8]?
    /// The exact status expected, or nil for any 4xx.
    var status: HTTPResponse.Status?
    let kind: Kind
    /// For ``Kind/page``: the language the citizen asked for.
    var language: String?

    var description: String { "\(endpoint) [\(name)]" }
}
