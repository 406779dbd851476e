/// Large counts and sizes as people read them: "2.6 M", "10.2 G", "54 KiB", "2.9 GiB".
public enum Quantity {
    /// A count with a decimal prefix (k, M, G), three significant digits.
    public static func count(_ value: Int) -> String {
        scaled(Double(value), base: 1000, units: ["", " k", " M", " G", " T"])
    }

    /// A size in bytes with a binary prefix.
    public static func bytes(_ value: Int) -> String {
        scaled(Double(value), base: 1024, units: [" bytes", " KiB", " MiB", " GiB", " TiB"])
    }

    private static func scaled(_ value: Double, base: Double, units: [String]) -> String {
        var value = value, unit = 0
        while value >= base && unit < units.count - 1 {
            value /= base
            unit += 1
        }
        if unit == 0 { return "\(Int(value))\(units[0])" }
        return String(cFormat: value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value) + units[unit]
    }
}
