import Synchronization

/// Runs `operation`, giving up with ``StoreError/unavailable(_:)`` after `duration`.
///
/// The operation runs in a task of its own that is cancelled, not awaited, when the deadline passes.
/// A task group would wait for it to honour the cancellation, and a connection lease that a
/// pool in trouble never answers then holds the caller (and the server's shutdown) forever: seen in
/// CI, where a request stayed stuck in a pool whose server had gone away.
func withDeadline<Result: Sendable>(
    _ duration: Duration,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let task = Task { try await operation() }
    guard let outcome = await first(of: task, within: duration) else {
        task.cancel()
        throw StoreError.unavailable("no answer from the database within \(duration)")
    }
    return try outcome.get()
}

/// The result of `task` if it ends within `duration`, else `nil`. The task is never waited for
/// beyond `duration`, nor once the caller is cancelled: then the task is cancelled too and the
/// result is a `CancellationError` at once (a server stopping must not wait for a stuck lease).
func first<Success: Sendable>(
    of task: Task<Success, any Error>,
    within duration: Duration
) async -> Swift.Result<Success, any Error>? {
    let gate = ResumeOnce<Swift.Result<Success, any Error>?>()
    return await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            gate.arm(continuation)
            // Cancelled before the continuation was armed: the handler found nothing to resume.
            if Task.isCancelled { gate.resume(with: .failure(CancellationError())) }
            let timer = Task {
                try? await Task.sleep(for: duration)
                if !Task.isCancelled { gate.resume(with: nil) }
            }
            Task {
                let result = await task.result
                timer.cancel()
                gate.resume(with: result)
            }
        }
    } onCancel: {
        task.cancel()
        gate.resume(with: .failure(CancellationError()))
    }
}

/// A continuation resumed by whichever of several racers comes first; later ones are ignored.
private final class ResumeOnce<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, Never>?>(nil)

    func arm(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(with value: Value) {
        let waiting = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        waiting?.resume(returning: value)
    }
}
