import Foundation
import Logging
import NIOCore

/// The chunks of a finished export's file in order (``ExportJobStore/file(of:logger:)``), each read
/// as the consumer takes it.
public struct ExportFile: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    let store: ExportJobStore
    let jobID: UUID
    /// How many chunks the file had when the download began.
    public let chunks: Int
    let logger: Logger

    /// The file was deleted (it expired) while it was being read.
    public struct Vanished: Error, CustomStringConvertible {
        public let jobID: UUID
        public var description: String { "the file of export \(jobID) was deleted while it was read" }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let file: ExportFile
        var position = 0

        public mutating func next() async throws -> ByteBuffer? {
            guard position < file.chunks else { return nil }
            guard let chunk = try await file.store.chunk(of: file.jobID, seq: position, logger: file.logger) else {
                throw Vanished(jobID: file.jobID)
            }
            position += 1
            return chunk
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(file: self) }
}
