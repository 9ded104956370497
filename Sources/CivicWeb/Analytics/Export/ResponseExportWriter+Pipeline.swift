import CivicStore

extension ResponseExportWriter {
    /// Rows formatted per batch.
    static let pipelineBatch = 512
    /// Batches being formatted at once; with the reader, enough to keep two cores busy.
    static let pipelineDepth = 3

    /// Formats `rows` in order, a batch of ``pipelineBatch`` rows at a time, handing each batch's
    /// UTF-8 lines and row count to `emit` once it and every earlier batch are done.
    ///
    /// Formatting a row costs several times what reading it from PostgreSQL does, and ran on one
    /// core while the other waited: batches are now formatted in tasks of their own, up to
    /// ``pipelineDepth`` at once, while the next rows are read. Memory stays bounded (that many
    /// batches at most) and the text is the same as formatting row by row. A batch still being
    /// formatted when `emit` or the rows fail ends on its own: it only builds an array of bytes.
    /// `emit` learns each batch's row count, so a caller counts what was written even when the
    /// export fails half way.
    public func format(
        _ rows: ResponseExport,
        emit: (_ lines: [UInt8], _ rows: Int) async throws -> Void
    ) async throws {
        var inFlight: [(task: Task<[UInt8], Never>, rows: Int)] = []
        var batch: [ResponseExportRow] = []
        func dispatch() {
            let rows = batch, writer = self
            batch = []
            batch.reserveCapacity(Self.pipelineBatch)
            inFlight.append((Task { writer.lines(rows) }, rows.count))
        }
        func emitOldest() async throws {
            let oldest = inFlight.removeFirst()
            try await emit(await oldest.task.value, oldest.rows)
        }
        for try await row in rows {
            batch.append(row)
            if batch.count == Self.pipelineBatch {
                dispatch()
                if inFlight.count >= Self.pipelineDepth { try await emitOldest() }
            }
        }
        if !batch.isEmpty { dispatch() }
        while !inFlight.isEmpty { try await emitOldest() }
    }
}
