/// Prints one JSON object on one line, keys sorted, for other tools to read.
///
/// Written by hand rather than with Foundation's JSONSerialization, which only full Foundation has.
func printJSON(_ object: Any) throws {
    var text = ""
    try JSONText.write(object, to: &text)
    print(text)
}

enum JSONText {
    struct Unsupported: Error, CustomStringConvertible {
        let typeName: String
        var description: String { "cannot write \(typeName) as JSON" }
    }

    static func write(_ value: Any, to text: inout String) throws {
        switch value {
        case let dictionary as [String: Any]:
            text += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                write(string: key, to: &text)
                text += ":"
                try write(dictionary[key]!, to: &text)
            }
            text += "}"
        case let array as [Any]:
            text += "["
            for (index, element) in array.enumerated() {
                if index > 0 { text += "," }
                try write(element, to: &text)
            }
            text += "]"
        case let string as String: write(string: string, to: &text)
        case let flag as Bool: text += flag ? "true" : "false"
        case let integer as Int: text += String(integer)
        case let integer as UInt64: text += String(integer)
        case let integer as Int32: text += String(integer)
        case let number as Double: text += number.isFinite ? "\(number)" : "null"
        case let number as Float: text += number.isFinite ? "\(Double(number))" : "null"
        case is JSONNull: text += "null"
        default: throw Unsupported(typeName: "\(type(of: value))")
        }
    }

    static func write(string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += "\\u" + String(cFormat: "%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

/// JSON's null, for a value that is absent.
struct JSONNull {}
