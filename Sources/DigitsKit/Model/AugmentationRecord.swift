/// Version 2's augmentation record (flag bit 1): a u32 count S, then the first S strengths of
/// `Augmentation.fields` as f32, each within its limit. Version 3 stores them as named metadata fields.
extension Augmentation {
    static func read(from reader: inout FieldReader) throws(ModelFileError) -> Augmentation {
        let count = Int(try reader.uint32("augmentation strengths"))
        guard (1...fields.count).contains(count) else {
            throw .badField(path: reader.path, reason: "\(count) augmentation strengths; this digits knows \(fields.count)")
        }
        var augmentation = Augmentation()
        for field in fields.prefix(count) {
            let strength = try reader.float("augmentation \(field.name)")
            guard strength >= 0, strength <= field.limit else {
                throw .badField(path: reader.path, reason: "augmentation \(field.name) \(strength) is outside 0–\(field.limit)")
            }
            augmentation[keyPath: field.keyPath] = strength
        }
        return augmentation
    }
}
