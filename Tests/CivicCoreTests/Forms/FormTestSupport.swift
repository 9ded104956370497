import Foundation
import Testing
@testable import CivicCore

/// The repository's `Forms/` directory, found from this file's path so tests run from anywhere.
/// Symlinks are resolved so that a scratch package linking to these tests finds the real one.
func formsDirectory(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Forms
        .deletingLastPathComponent()  // CivicCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Forms", isDirectory: true)
}

/// The issues `parse` reports for `yaml`, as `file:line:column: keyPath: message` lines.
func issues(in yaml: String, file: String = "t.yaml") -> [String] {
    do {
        _ = try FormDefinition.parse(yaml: yaml, file: file)
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

/// Parses a form that must be valid, recording the issues as a test failure otherwise.
func parseValid(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> FormDefinition? {
    do {
        return try FormDefinition.parse(yaml: yaml, file: "t.yaml")
    } catch {
        Issue.record("unexpected issues:\n\(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A minimal valid form: line numbers below are relied on by the validator tests.
/// Extra question lines (indented 6 spaces, as list items of `questions`) are appended at line 21.
func minimalForm(appending questions: String = "") -> String {
    """
    id: t
    version: 1
    kind: survey
    base_language: vi
    languages: {vi: complete, en: draft}
    title: {vi: Tiêu đề}
    scales:
      s5:
        options:
          - {value: 1, label: {vi: Một}}
          - {value: 2, label: {vi: Hai}}
        satisfied: [2]
    sections:
      - id: s
        title: {vi: Phần}
        questions:
          - id: q1
            type: scale
            scale: s5
            label: {vi: Câu 1}

    """ + questions
}
