import Foundation

/// A stored job row the store could not read (a state or date written by something else).
public enum ExportJobStoreError: Error, Sendable, CustomStringConvertible {
    case malformedRow(UUID)

    public var description: String {
        switch self {
        case .malformedRow(let id): "export job \(id) has a malformed row"
        }
    }
}
