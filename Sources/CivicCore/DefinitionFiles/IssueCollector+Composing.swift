import Yams

extension IssueCollector {
    /// Composes `yaml` into a node tree; a syntax error becomes one issue at its position.
    ///
    /// libyaml stops at the first syntax error, so a file with one gets only that issue; every
    /// other check needs a tree.
    mutating func compose(_ yaml: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: yaml) else {
                add("the file is empty", line: 1, column: 1, path: .root)
                return nil
            }
            return root
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                var message = "YAML syntax error: \(problem)"
                if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
                add(message, line: mark.line, column: mark.column, path: .root)
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                add("duplicate key \(keys) in one mapping; each key may appear only once",
                    line: context.mark.line, column: context.mark.column, path: .root)
            default:
                add("cannot read the file as YAML: \(error)", line: 1, column: 1, path: .root)
            }
            return nil
        } catch {
            add("cannot read the file as YAML: \(error)", line: 1, column: 1, path: .root)
            return nil
        }
    }
}
