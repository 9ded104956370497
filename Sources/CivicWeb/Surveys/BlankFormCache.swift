import CivicCore
import CivicStore
import Foundation
import Synchronization

/// The rendered HTML of blank form pages, with slots for what changes per request (the CSRF token
/// and the submission id).
///
/// swift-mustache looks every `{{key}}` up through `Mirror`, which made rendering a survey of 25
/// questions cost about 10 ms of CPU: the form page managed 94 requests/s on two cores. A blank
/// page depends only on the form version, the reader's language chain and the units offered,
/// so it is rendered once per such key; each request fills the two slots into a copy.
final class BlankFormCache: Sendable {
    struct Key: Hashable, Sendable {
        let form: String
        let version: Int
        let languages: [String]
        let units: [UnitStore.ActiveUnit]
    }

    /// Random per process, so that no form text can contain them by chance; only characters that
    /// HTML escaping leaves alone.
    let csrfSlot = "csrf-slot-" + UUID().uuidString
    let submissionSlot = "sid-slot-" + UUID().uuidString
    /// Keys are bounded by forms × language chains × unit lists; past this the cache starts over.
    static let capacity = 256
    private let pages = Mutex<[Key: [Piece]]>([:])

    /// A rendered page cut at its slots.
    private enum Piece: Sendable {
        case text(String)
        case csrf
        case submissionID
    }

    /// The page for `key` with `csrf` and `submissionID` filled in; `render` draws it, given the
    /// two slot values, when it is not cached yet.
    func page(_ key: Key, csrf: String, submissionID: String, render: (_ csrf: String, _ submissionID: String) -> String) -> String {
        let pieces: [Piece]
        if let cached = pages.withLock({ $0[key] }) {
            pieces = cached
        } else {
            pieces = cut(render(csrfSlot, submissionSlot))
            pages.withLock { pages in
                if pages.count >= Self.capacity { pages.removeAll() }
                pages[key] = pieces
            }
        }
        // Appending pieces, not Foundation's replacingOccurrences, which took 85% of the CPU here.
        var page = ""
        for piece in pieces {
            switch piece {
            case .text(let text): page += text
            case .csrf: page += csrf
            case .submissionID: page += submissionID
            }
        }
        return page
    }

    private func cut(_ html: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = html[...]
        while let slot = [(csrfSlot, Piece.csrf), (submissionSlot, Piece.submissionID)]
            .compactMap({ text, piece in rest.firstRange(of: text).map { ($0, piece) } })
            .min(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            pieces.append(.text(String(rest[..<slot.0.lowerBound])))
            pieces.append(slot.1)
            rest = rest[slot.0.upperBound...]
        }
        pieces.append(.text(String(rest)))
        return pieces
    }
}
