import Foundation

/// Reads a running process's output as it comes, to act at a moment the output marks rather than
/// after a guessed sleep.
final class ProcessOutput {
    private let handle: FileHandle
    private(set) var text = ""

    init(_ pipe: Pipe) { handle = pipe.fileHandleForReading }

    /// Reads until `text` holds `count` occurrences of `marker`; false if the output ends first.
    @discardableResult
    func wait(for marker: String, count: Int = 1) -> Bool {
        while text.components(separatedBy: marker).count - 1 < count {
            let data = handle.availableData
            if data.isEmpty { return false }
            text += String(decoding: data, as: UTF8.self)
        }
        return true
    }

    /// The rest of the output, to the end.
    func rest() -> String {
        text += String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text
    }
}
