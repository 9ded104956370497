import ArgumentParser
import CivicCore
import CivicStore
import Foundation
import Logging

/// `civicvoice responses months|drop-month`: the monthly partitions of the stored responses and
/// retention by the month (Migrations/0025).
struct ResponsesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "List the months of stored responses, or drop one.",
        subcommands: [ResponsesMonths.self, ResponsesDropMonth.self]
    )
}

struct ResponsesMonths: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "months",
        abstract: "List the partitions of responses (tab-separated) and the months dropped."
    )

    func run() async throws {
        let (partitions, dropped) = try await CommandEnvironment.withDatabase { database, _, logger in
            (try await ResponsePartitions(database: database).list(logger: logger),
             try await AnalyticsStore(database: database).droppedMonths(logger: logger))
        }
        print(["partition", "from", "to (excluded)", "rows (estimate)"].joined(separator: "\t"))
        for partition in partitions {
            print([partition.name, Self.day(partition.lowerBound, or: "DEFAULT"), Self.day(partition.upperBound, or: "–"),
                   partition.estimatedRows.map(String.init) ?? "–"].joined(separator: "\t"))
        }
        print("dropped months: " + (dropped.isEmpty ? "none" : dropped.map(\.description).joined(separator: ", ")))
    }

    /// The Vietnamese day an instant starts (partition bounds are midnights in Vietnam).
    static func day(_ instant: Date?, or fallback: String) -> String {
        instant.map { CalendarDate.inVietnam(at: $0).description } ?? fallback
    }
}

struct ResponsesDropMonth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop-month",
        abstract: "Remove the responses of a past month; their counts stay in every report.",
        discussion: """
            Counts what is still queued, compares the month's counts with its responses (as \
            `analytics verify --from M --to M`), then detaches and drops the month's partition (or \
            deletes its rows when it shares one) and records the month, audited. Refuses a month \
            that has not ended in Vietnam or of which nothing is stored, and one whose counts do \
            not match its responses unless --force. The ids stay, so a late replay is still answered 200 or 409. Archive the month \
            first if it must be kept (pg_dump --table=responses_YYYY_MM). Runs as the schema owner: \
            MIGRATION_DATABASE_URL when set, else DATABASE_URL.
            """
    )

    @Argument(help: "The month, YYYY-MM.") var month: YearMonth
    @Flag(help: "Drop even when the month's counts differ from its responses (those figures are lost).")
    var force = false

    func run() async throws {
        let (month, force) = (self.month, self.force)
        let dropped = try await CommandEnvironment.withDatabase(asSchemaOwner: true) { database, _, logger in
            try await ResponseRetention(database: database).dropMonth(month, force: force, now: Date(),
                                                                      by: CommandEnvironment.actor, logger: logger)
        }
        let place = dropped.partition.map { "partition \($0) detached and dropped" } ?? "rows deleted"
        print("\(dropped.month): \(dropped.responses) responses removed (\(place))"
              + (dropped.forced ? ", forced: its counts did not match its responses" : "; its counts stay in the rollups"))
    }
}
