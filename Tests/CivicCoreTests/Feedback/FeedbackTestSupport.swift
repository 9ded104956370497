import Foundation
import Testing
@testable import CivicCore

/// The repository's `Forms/workflow/` directory, found from the calling file's path; symlinks are
/// resolved so that a scratch package linking to these tests finds the real one.
func workflowFilesDirectory(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Feedback
        .deletingLastPathComponent()  // CivicCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Forms/workflow", isDirectory: true)
}

/// A date written `YYYY-MM-DD`, which the test itself spells correctly.
func ymd(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(text) else { preconditionFailure("bad test date \(text)") }
    return date
}

/// The shipped holiday file, or a recorded failure listing its issues.
func shippedHolidayFile(sourceLocation: SourceLocation = #_sourceLocation) throws -> HolidayCalendarFile {
    do {
        return try HolidayCalendarFile.load(url: workflowFilesDirectory().appendingPathComponent("holidays.yaml"))
    } catch {
        Issue.record("Forms/workflow/holidays.yaml has issues:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// SplitMix64: a small seeded generator so that "random" tests are repeatable.
struct FeedbackTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
