import Testing
@testable import TopicMatcher

@Suite("Query language: grammar, precedence and guard rails")
struct QueryParserTests {
    static let trees: [(String, String)] = [
        ("kim", "kim"),
        ("Kim Jong-un", "(kim AND \"jong un\")"),
        ("\"Kim Jong-un\"", "\"kim jong un\""),
        ("a b OR c", "((a AND b) OR c)"),
        ("a AND b OR c AND d", "((a AND b) OR (c AND d))"),
        ("a OR b c", "(a OR (b AND c))"),
        ("NOT a NEAR/3 b c", "(NOT (a NEAR/3 b) AND c)"),
        ("c -a", "(c AND NOT a)"),
        ("a NEAR/1 b NEAR/2 c", "((a NEAR/1 b) NEAR/2 c)"),
        ("a NEAR/5f b", "(a NEAR/5f b)"),
        ("(a OR b) NEAR/20 (c OR d)", "((a OR b) NEAR/20 (c OR d))"),
        ("meet*", "meet*"),
        ("\"North Korea*\"", "\"north korea*\""),
        ("title:kim", "title:kim"),
        ("title:(kim OR putin) summit", "(title:(kim OR putin) AND summit)"),
        ("author:\"Ann Lee\"", "author:\"ann lee\""),
        ("a and b", "(a AND and AND b)"),
        ("near/5", "\"near 5\""),
        ("金正恩", "\"金 正 恩\""),
        ("Путин*", "путин*"),
        ("http://x.org/a", "\"http x org a\""),
    ]

    @Test("parses into the tree the precedence rules say", arguments: trees)
    func parses(_ query: String, _ tree: String) throws {
        #expect(try QueryParser.parse(query).description == tree)
    }

    static let errors: [(String, Int, String)] = [
        ("", 1, "empty"),
        ("NOT x", 1, "at least one word"),
        ("-a -b", 1, "at least one word"),
        ("a OR NOT b", 6, "each side of OR"),
        ("NOT b OR a", 1, "each side of OR"),
        ("a NEAR b", 3, "NEAR needs a distance"),
        ("a NEAR/x b", 3, "whole number"),
        ("a NEAR/51 b", 3, "at most NEAR/50"),
        ("(NOT a) NEAR/3 b", 1, "NEAR operand"),
        ("a NEAR/3 -b", 10, "NEAR operand"),
        ("\"kim jong", 1, "unbalanced quote"),
        ("(kim OR putin", 1, "never closed"),
        ("kim)", 4, "without a '('"),
        ("me*", 3, "at least 3 letters"),
        ("*kim", 1, "only at the end"),
        ("ki*m", 3, "only at the end"),
        ("a AND", 3, "AND needs"),
        ("OR a", 1, "needs a word before"),
        ("a OR", 3, "OR needs a word"),
        ("()", 1, "empty parentheses"),
        ("— &", 1, "no letters or digits"),
        (String(repeating: "(", count: 65) + "kim" + String(repeating: ")", count: 65), 65, "nested more than 64"),
        (String(repeating: "NOT ", count: 70) + "kim", 257, "nested more than 64"),
        ("a" + String(repeating: " NEAR/1 a", count: 70), 579, "nested more than 64"),
    ]

    @Test("bad queries say what and where, with a caret", arguments: errors)
    func rejects(_ query: String, _ column: Int, _ fragment: String) {
        do {
            let tree = try QueryParser.parse(query)
            Issue.record("expected an error, got \(tree)")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.description.hasSuffix("\n  " + String(repeating: " ", count: column - 1) + "^"))
        }
    }
}
