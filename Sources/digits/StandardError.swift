import DigitsKit
/// Writes a line to standard error, unbuffered, so that it shows even when standard output is
/// redirected and is not interleaved out of order with it.
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
