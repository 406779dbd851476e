import DigitsKit
import Testing

@Suite struct DataLocationTests {
    private let home = ["HOME": "/home/ada"]

    @Test("--data wins, then DIGITS_DATA, then ./data/mnist when it exists, then the XDG data folder")
    func order() throws {
        let everywhere: (String) -> Bool = { _ in true }
        #expect(try DataLocation.resolve(explicit: "/x", environment: home.merging(["DIGITS_DATA": "/y"]) { $1 }, isDirectory: everywhere) == "/x")
        #expect(try DataLocation.resolve(explicit: nil, environment: home.merging(["DIGITS_DATA": "/y"]) { $1 }, isDirectory: everywhere) == "/y")
        #expect(try DataLocation.resolve(explicit: nil, environment: home, isDirectory: everywhere) == "data/mnist")
        let onlyShared: (String) -> Bool = { $0 == "/home/ada/.local/share/digits/mnist" }
        #expect(try DataLocation.resolve(explicit: nil, environment: home, isDirectory: onlyShared) == "/home/ada/.local/share/digits/mnist")
        let xdg = home.merging(["XDG_DATA_HOME": "/data"]) { $1 }
        #expect(try DataLocation.resolve(explicit: nil, environment: xdg, isDirectory: { $0 == "/data/digits/mnist" }) == "/data/digits/mnist")
        // The XDG spec ignores a relative XDG_DATA_HOME.
        #expect(DataLocation.userDataFolder(environment: home.merging(["XDG_DATA_HOME": "rel"]) { $1 }) == "/home/ada/.local/share/digits/mnist")
    }

    @Test("when nothing is found the error lists every place looked and how to fill one")
    func nothingFound() {
        #expect {
            try DataLocation.resolve(explicit: nil, environment: home, isDirectory: { _ in false })
        } throws: { error in
            let text = "\(error)"
            return ["--data", "DIGITS_DATA", "./data/mnist", "/home/ada/.local/share/digits/mnist", "fetch-mnist.sh"].allSatisfy(text.contains)
        }
    }

    @Test("printf-style formatting without Foundation")
    func cFormat() {
        #expect(String(cFormat: "%ld (%.1f%%)", 7, 99.44) == "7 (99.4%)")
        #expect(String(cFormat: "%5ld|%08X", 42, UInt32(0xBEEF)) == "   42|0000BEEF")
        #expect(String(cFormat: "plain") == "plain")
        #expect(String(cFormat: "%.3f", 1.0 / 3).count == 5)
        #expect(String(cFormat: "%0300ld", 1).count == 300, "longer than any first guess at the size")
    }
}
