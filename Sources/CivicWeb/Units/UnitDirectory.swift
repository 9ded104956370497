import CivicCore
import CivicStore
import Foundation
import Logging
import Synchronization

/// The units citizens can rate today, cached for a minute: units change a few times a year, and a
/// form page or a submission must not pay a query for them.
final class UnitDirectory: Sendable {
    private struct Snapshot {
        let day: String
        let loaded: ContinuousClock.Instant
        let units: [UnitStore.ActiveUnit]
    }

    private let store: UnitStore
    private let snapshot = Mutex<Snapshot?>(nil)
    private let lifetime: Duration

    init(store: UnitStore, lifetime: Duration = .seconds(60)) {
        self.store = store
        self.lifetime = lifetime
    }

    func activeUnits(logger: Logger) async throws -> [UnitStore.ActiveUnit] {
        let day = ServiceCalendar.today()
        let now = ContinuousClock.now
        if let cached = snapshot.withLock({ $0 }), cached.day == day, now - cached.loaded < lifetime {
            return cached.units
        }
        let units = try await store.activeUnits(on: day, logger: logger)
        snapshot.withLock { $0 = Snapshot(day: day, loaded: now, units: units) }
        return units
    }

    func unit(code: String, logger: Logger) async throws -> UnitStore.ActiveUnit? {
        try await activeUnits(logger: logger).first { $0.code == code }
    }
}

/// Days as the service counts them: in Asia/Ho_Chi_Minh, whatever the server's own time zone.
enum ServiceCalendar {
    static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    static func today(now: Date = Date()) -> String {
        // Vietnam keeps UTC+7 all year: the day is arithmetic. A Calendar and String(format:) per
        // submission were 3% of its CPU time.
        let seconds = Int((now.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return epoch.adding(days: days).description
    }

    private static let epoch = CalendarDate("1970-01-01")!
}
