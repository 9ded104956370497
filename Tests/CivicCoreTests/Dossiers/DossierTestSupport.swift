import Foundation

/// The repository's root, found from this file.
func repositoryRoot(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Dossiers
        .deletingLastPathComponent()  // CivicCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
}
