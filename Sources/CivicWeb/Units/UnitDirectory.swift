import CivicCore
import CivicStore
import Foundation
import Logging
import Synchronization

/// The units citizens can rate today, cached for a minute: units change a few times a year, and a
/// form page or a submission must not pay a query for them.
final class UnitDirectory: Sendable {
    private struct Snapshot {
        let day: CalendarDate
        let loaded: ContinuousClock.Instant
        let units: [UnitStore.ActiveUnit]
    }

    private let store: UnitStore
    private let clock: ServiceClock
    private let snapshot = Mutex<Snapshot?>(nil)
    private let lifetime: Duration

    init(store: UnitStore, clock: ServiceClock, lifetime: Duration = .seconds(60)) {
        self.store = store
        self.clock = clock
        self.lifetime = lifetime
    }

    func activeUnits(logger: Logger) async throws -> [UnitStore.ActiveUnit] {
        let day = clock.today()
        let now = ContinuousClock.now
        if let cached = snapshot.withLock({ $0 }), cached.day == day, now - cached.loaded < lifetime {
            return cached.units
        }
        let units = try await store.activeUnits(on: day, logger: logger)
        snapshot.withLock { $0 = Snapshot(day: day, loaded: now, units: units) }
        return units
    }

    /// Forgets the cached units: the next page reads them again (after an import from the console,
    /// so that new units are offered at once on this server; others see them within the lifetime).
    func invalidate() {
        snapshot.withLock { $0 = nil }
    }

    func unit(code: String, logger: Logger) async throws -> UnitStore.ActiveUnit? {
        try await activeUnits(logger: logger).first { $0.code == code }
    }
}
