import Foundation
import Synchronization

/// Says, at most once every `interval`, that it is time to prune (the throttles' buckets that have
/// refilled): the work is done by the request that asks, so no background task is needed, and
/// every process prunes on its own schedule.
final class PruneSchedule: Sendable {
    private let interval: TimeInterval
    private let last = Mutex<Date?>(nil)

    init(every interval: TimeInterval) {
        self.interval = interval
    }

    /// Whether a prune is due at `now`; when it is, the next one is due `interval` later.
    func isDue(at now: Date) -> Bool {
        last.withLock { last in
            guard last.map({ now.timeIntervalSince($0) > interval }) ?? true else { return false }
            last = now
            return true
        }
    }
}
