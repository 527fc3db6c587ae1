import Foundation
import Testing

@Suite("systemd/feedwatch.service")
struct SystemdUnitTests {
    static let unitPath = CLI.packageRoot.appendingPathComponent("systemd/feedwatch.service").path

    static func lines() throws -> [String] {
        try String(contentsOfFile: unitPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("has the directives a notify service with a watchdog, reload, its own directories and hardening needs")
    func directives() throws {
        let directives = Set(try Self.lines().filter { !$0.hasPrefix("#") && $0.contains("=") })
        for required in ["Type=notify", "WatchdogSec=60", "ExecReload=/bin/kill -HUP $MAINPID", "DynamicUser=yes", "StateDirectory=feedwatch",
                         "LogsDirectory=feedwatch", "ConfigurationDirectory=feedwatch", "ProtectSystem=strict", "ProtectHome=yes",
                         "PrivateTmp=yes", "NoNewPrivileges=yes", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                         "SystemCallFilter=@system-service"] {
            #expect(directives.contains(required), "missing \(required)")
        }
    }

    @Test("every directive is explained by a comment above it or its group")
    func commented() throws {
        var commentInBlock = false
        for line in try Self.lines() {
            if line.isEmpty || line.hasPrefix("[") {
                commentInBlock = false
            } else if line.hasPrefix("#") {
                commentInBlock = true
            } else {
                #expect(commentInBlock, "no comment for: \(line)")
            }
        }
    }

    @Test("systemd-analyze verify accepts it")
    func verify() async throws {
        let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let analyze else {
            Issue.record("systemd-analyze is not installed (scripts/deps.sh installs the systemd package)")
            return
        }
        // Verified where it would run: the unit names the installed binary, here the built one.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fw-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let unit = try String(contentsOfFile: Self.unitPath, encoding: .utf8).replacingOccurrences(of: "/usr/local/bin/feedwatch", with: CLI.binary.path)
        let path = dir.appendingPathComponent("feedwatch.service").path
        try unit.write(toFile: path, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: analyze)
        p.arguments = ["verify", path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = err
        try p.run()
        let output = String(decoding: await CLI.readToEnd(err.fileHandleForReading), as: UTF8.self)
        await p.exited()
        #expect(p.terminationStatus == 0, "\(output)")
        #expect(!output.contains("feedwatch.service"), "warnings about the unit: \(output)")
    }
}
