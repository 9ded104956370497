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
    let outcome = await withTaskCancellationHandler {
        await first(of: task, within: duration)
    } onCancel: {
        task.cancel()
    }
    switch outcome {
    case .some(let result):
        return try result.get()
    case .none:
        task.cancel()
        if Task.isCancelled { throw CancellationError() }
        throw StoreError.unavailable("no answer from the database within \(duration)")
    }
}

/// The result of `task` if it ends within `duration` (or the caller is cancelled first, in which
/// case the task has been cancelled and its result is whatever it ends with soonest), else `nil`.
/// The task is never waited for beyond `duration`.
func first<Success: Sendable>(
    of task: Task<Success, any Error>,
    within duration: Duration
) async -> Swift.Result<Success, any Error>? {
    let gate = ResumeOnce<Swift.Result<Success, any Error>?>()
    return await withCheckedContinuation { continuation in
        gate.arm(continuation)
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
