import DigitsKit
import Foundation
import Testing

/// Installs digits into a temporary prefix with Scripts/install.sh and uses it as a new user
/// would: from another folder, with a minimal environment.
@Suite struct InstallTests {
    /// Runs a shell command line; returns its status and everything it printed.
    private func shell(_ command: String, in directory: String) throws -> (status: Int32, output: String) {
        let log = directory + "/.shell-output"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(\(command)) > '\(log)' 2>&1"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: log)
        return (process.terminationStatus, output)
    }

    /// Every path under `folder`, relative to it.
    private func listing(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    @Test("install, use from elsewhere with a minimal environment, then uninstall to an untouched prefix")
    func installUseUninstall() throws {
        let root = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let prefix = root + "/prefix", home = root + "/home", elsewhere = root + "/elsewhere"
        for folder in [prefix, home, elsewhere] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try Data("kept\n".utf8).write(to: URL(fileURLWithPath: prefix + "/already-here"))
        let before = listing(prefix)

        let install = try shell("'\(DigitsBinary.packageRoot)/Scripts/install.sh' --prefix '\(prefix)'", in: elsewhere)
        try #require(install.status == 0, "install.sh failed:\n\(install.output)")
        let digits = prefix + "/bin/digits"
        let minimal = "env -i PATH=/usr/bin:/bin HOME='\(home)'"

        let version = try shell("\(minimal) '\(digits)' --version", in: elsewhere)
        #expect(version.status == 0 && version.output.hasPrefix("0."), "\(version.output)")

        // A PGM and a PNG of the same test digit, dark on white.
        let test = try MNIST.load(.test, from: DigitsBinary.mnist)
        let digit = test.image(0).map { 255 - $0 }
        try Data(NetpbmWriter.pgm(Array(digit), width: 28, height: 28)).write(to: URL(fileURLWithPath: elsewhere + "/seven.pgm"))
        try Data(PNGWriter.png(Array(digit), width: 28, height: 28)).write(to: URL(fileURLWithPath: elsewhere + "/seven.png"))
        let classify = try shell("\(minimal) '\(digits)' classify seven.pgm seven.png", in: elsewhere)
        #expect(classify.status == 0)
        let lines = classify.output.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("seven.pgm: \(test.labels[0]) (") && lines[1].hasPrefix("seven.png: \(test.labels[0]) ("),
                "\(classify.output)")

        let train = try shell("\(minimal) DIGITS_DATA='\(DigitsBinary.mnist)' '\(digits)' train --limit 1000 --epochs 1 --test-limit 500", in: elsewhere)
        #expect(train.status == 0 && train.output.contains("test accuracy"), "\(train.output)")
        let noData = try shell("\(minimal) '\(digits)' eval --model classic", in: elsewhere)
        #expect(noData.status != 0 && noData.output.contains(home + "/.local/share/digits/mnist"), "\(noData.output)")

        let manual = try shell("MANPAGER=cat MANWIDTH=80 man -l '\(prefix)/share/man/man1/digits.1'", in: elsewhere)
        #expect(manual.status == 0 && manual.output.contains("classify"), "\(manual.output)")

        let completion = try shell("""
            bash -c 'source "\(prefix)/share/bash-completion/completions/digits"; COMP_WORDS=(digits cl); COMP_CWORD=1; COMP_LINE="digits cl"; COMP_POINT=9; _digits digits cl digits; echo "${COMPREPLY[*]}"'
            """, in: elsewhere)
        #expect(completion.output.trimmingCharacters(in: .whitespacesAndNewlines) == "classify", "\(completion.output)")
        for script in ["share/zsh/site-functions/_digits", "share/fish/vendor_completions.d/digits.fish"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + script), "\(script)")
        }

        let libraries = try shell("ldd '\(digits)'", in: elsewhere)
        #expect(libraries.status == 0 && !libraries.output.contains("libswift") && !libraries.output.contains("libFoundation"),
                "\(libraries.output)")

        let uninstall = try shell("'\(DigitsBinary.packageRoot)/Scripts/install.sh' --prefix '\(prefix)' --uninstall", in: elsewhere)
        #expect(uninstall.status == 0, "\(uninstall.output)")
        #expect(listing(prefix) == before)
    }
}
