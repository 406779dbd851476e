/// Thins a binary picture to lines one pixel wide that keep its shape and connectivity
/// (Zhang and Suen, "A fast parallel algorithm for thinning digital patterns", 1984): the centre
/// line a pen would have followed.
enum Skeleton {
    /// `pixels` are true for ink; the result has the same size.
    static func thin(_ pixels: [Bool], width: Int, height: Int) -> [Bool] {
        var image = pixels
        func at(_ row: Int, _ column: Int) -> Bool {
            row >= 0 && row < height && column >= 0 && column < width && image[row * width + column]
        }
        var changed = true
        while changed {
            changed = false
            for pass in 0..<2 {
                var removals: [Int] = []
                for row in 0..<height {
                    for column in 0..<width where image[row * width + column] {
                        // Neighbours P2…P9, clockwise from north.
                        let neighbours = [
                            at(row - 1, column), at(row - 1, column + 1), at(row, column + 1), at(row + 1, column + 1),
                            at(row + 1, column), at(row + 1, column - 1), at(row, column - 1), at(row - 1, column - 1),
                        ]
                        let count = neighbours.filter { $0 }.count
                        guard (2...6).contains(count) else { continue }
                        let transitions = (0..<8).filter { !neighbours[$0] && neighbours[($0 + 1) % 8] }.count
                        guard transitions == 1 else { continue }
                        let (north, east, south, west) = (neighbours[0], neighbours[2], neighbours[4], neighbours[6])
                        let removable = pass == 0
                            ? !(north && east && south) && !(east && south && west)
                            : !(north && east && west) && !(north && south && west)
                        if removable { removals.append(row * width + column) }
                    }
                }
                for index in removals { image[index] = false }
                changed = changed || !removals.isEmpty
            }
        }
        return image
    }
}
