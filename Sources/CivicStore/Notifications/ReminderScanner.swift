import CivicCore
import Foundation
import Logging
import ServiceLifecycle

/// Reminds staff of what is coming due, in the background: every ``interval`` on a working day
/// it reads the open items due within the longest lead (``ReminderPolicy``) and writes, through
/// the outbox,
/// - to the assignee (or, for an item given to a unit only, the unit's handlers) a `reminder` at
///   each lead (3 and 1 working days before by default);
/// - to the handlers of the parent unit (the unit's own for the root) an `overdue` message once
///   the due date has passed;
/// - to each unit's handlers a `digest` of its overdue and coming-due items, once a day.
///
/// Each stage and digest is recorded with its messages in one transaction (``ReminderStore``), so
/// servers running it side by side, or one restarting, write each once. Logs carry counts only:
/// no address, no tracking code, no title.
public struct ReminderScanner: Service {
    let store: ReminderStore
    let policy: ReminderPolicy
    let clock: ServiceClock
    let interval: Duration
    let logger: Logger
    /// Awaited before the first round: the start-up migrations.
    let startsAfter: (@Sendable () async -> Void)?

    /// The longest title a digest line shows.
    static let digestTitleLength = 80

    public init(store: ReminderStore, policy: ReminderPolicy, clock: ServiceClock, interval: Duration = .seconds(300),
                logger: Logger, startsAfter: (@Sendable () async -> Void)? = nil) {
        self.store = store
        self.policy = policy
        self.clock = clock
        self.interval = interval
        self.logger = logger
        self.startsAfter = startsAfter
    }

    /// What one scan wrote: messages per kind.
    public struct Summary: Sendable, Hashable {
        public var reminders: Int
        public var overdue: Int
        public var digests: Int

        public init(reminders: Int = 0, overdue: Int = 0, digests: Int = 0) {
            self.reminders = reminders
            self.overdue = overdue
            self.digests = digests
        }

        public var total: Int { reminders + overdue + digests }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await startsAfter?()
            while !Task.isCancelled {
                do {
                    let summary = try await scan()
                    if summary.total > 0 {
                        logger.info("reminders written", metadata: ["reminders": "\(summary.reminders)",
                                                                    "overdue": "\(summary.overdue)",
                                                                    "digests": "\(summary.digests)"])
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("reminder scan failed; retrying next round",
                                   metadata: ["error": "\(StoreError.logDescription(error))"])
                }
                // Cancelled at graceful shutdown: return, do not throw (see CountsCompactor).
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One round: the stages and digests due today that are not written yet.
    public func scan() async throws -> Summary {
        var summary = Summary()
        let today = clock.today()
        guard policy.sendsOn(today) else { return summary }
        let items = try await store.dueItems(through: policy.horizon(today: today), logger: logger)
        var byUnit: [Int64: (overdue: [ReminderStore.DueItem], due: [ReminderStore.DueItem])] = [:]
        for item in items {
            guard let stage = policy.stage(dueOn: item.dueOn, today: today) else { continue }
            var parameters = ["title": item.title, "due_on": item.dueOn.description, "unit_name": item.unitName]
            switch stage {
            case .before:
                byUnit[item.unitID, default: (overdue: [], due: [])].due.append(item)
                guard !item.stagesDone.contains(stage.key) else { continue }
                parameters["working_days_left"] = "\(policy.workingDaysLeft(dueOn: item.dueOn, today: today))"
                let recipients: ReminderStore.Recipients = item.assigneeUserID.map { .account($0) } ?? .handlers(ofUnit: item.unitID)
                summary.reminders += try await store.writeStage(stage, of: item, kind: .reminder, to: recipients,
                                                                parameters: parameters, logger: logger)
            case .overdue:
                byUnit[item.unitID, default: (overdue: [], due: [])].overdue.append(item)
                guard !item.stagesDone.contains(stage.key) else { continue }
                parameters["working_days_overdue"] = "\(policy.workingDaysOverdue(dueOn: item.dueOn, today: today))"
                summary.overdue += try await store.writeStage(stage, of: item, kind: .overdue,
                                                              to: .handlers(ofUnit: item.parentUnitID ?? item.unitID),
                                                              parameters: parameters, logger: logger)
            }
        }
        for (unitID, listed) in byUnit.sorted(by: { $0.key < $1.key }) {
            guard let unit = listed.overdue.first ?? listed.due.first else { continue }
            let parameters = [
                "unit_name": unit.unitName, "unit_code": unit.unitCode, "day": today.dayMonthYear,
                "overdue_count": "\(listed.overdue.count)", "overdue_items": Self.lines(listed.overdue),
                "due_count": "\(listed.due.count)", "due_items": Self.lines(listed.due),
            ]
            summary.digests += try await store.writeDigest(unitID: unitID, day: today,
                                                           items: listed.overdue.count + listed.due.count,
                                                           parameters: parameters, logger: logger)
        }
        return summary
    }

    /// One line per item: its due date, code and title (shortened, on one line); "—" for none.
    static func lines(_ items: [ReminderStore.DueItem]) -> String {
        guard !items.isEmpty else { return "—" }
        return items.map { item in
            let flat = item.title.split(whereSeparator: \.isNewline).joined(separator: " ")
            let title = flat.count > digestTitleLength ? String(flat.prefix(digestTitleLength - 1)) + "…" : flat
            return "- \(item.dueOn.dayMonthYear)  \(item.trackingCode)  \(title)"
        }.joined(separator: "\n")
    }
}
