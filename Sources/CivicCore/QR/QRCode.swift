/// A QR code (ISO/IEC 18004) for a short text such as a URL: byte mode, error correction level M
/// (about 15% of the symbol may be damaged: a sheet taped to a counter gets scratched), versions 1
/// to 10 (up to 213 bytes), the mask chosen by the standard's penalty rules.
///
/// Written here because the package mirror holds no QR encoder and the desk sheets must be made on
/// the server, without an outside service (issue 16). Only what the sheets need: no other modes or
/// levels, no larger versions. The layout follows the standard step by step (and Project Nayuki's
/// well-known reference implementation's order of drawing); the tests decode every version and
/// mask with zbar.
public struct QRCode: Sendable, Hashable {
    public enum EncodingError: Error, Sendable, Hashable {
        /// The text needs more than version 10 holds at level M (213 bytes).
        case tooLong(bytes: Int, maximum: Int)
    }

    /// The version, 1…10: the symbol is 17 + 4 × version modules wide.
    public let version: Int
    /// The mask pattern applied, 0…7.
    public let mask: Int
    /// Modules wide and high.
    public let size: Int
    /// Row-major: `modules[y * size + x]` is true for a dark module.
    public let modules: [Bool]

    /// The largest text, in UTF-8 bytes, that version 10 at level M holds.
    public static let maximumBytes = 213

    /// Encodes `text` (as UTF-8) in the smallest version that holds it. `mask` forces a mask
    /// pattern (the tests use it to check all eight); nil chooses the one with the lowest penalty.
    public init(_ text: String, mask forcedMask: Int? = nil) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { Self.dataBits(bytes.count, version: $0) <= Self.dataCodewords($0) * 8 })
        else { throw EncodingError.tooLong(bytes: bytes.count, maximum: Self.maximumBytes) }
        precondition(forcedMask.map { (0...7).contains($0) } ?? true, "a mask is 0…7")
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(Self.interleaved(Self.dataCodewords(of: bytes, version: version), version: version))
        let chosen = forcedMask ?? (0..<8).min { a, b in
            matrix.penalty(masked: a) < matrix.penalty(masked: b)
        }!
        matrix.apply(mask: chosen)
        matrix.drawFormatBits(mask: chosen)
        self.version = version
        self.mask = chosen
        self.size = matrix.size
        self.modules = matrix.modules
    }

    public func isDark(x: Int, y: Int) -> Bool {
        (0..<size).contains(x) && (0..<size).contains(y) && modules[y * size + x]
    }

    /// The light margin the standard asks for around the symbol, in modules.
    public static let quietZone = 4

    /// The symbol as SVG, its quiet zone included: one path of dark runs in a square view box of
    /// one unit per module, to be sized by the page (it prints sharp at any size).
    /// `label` is the image's accessible name.
    public func svg(label: String) -> String {
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var run = 1
                while isDark(x: x + run, y: y) { run += 1 }
                path += "M\(x + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let side = size + 2 * Self.quietZone
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" role=\"img\" "
            + "aria-label=\"\(XMLText.escaped(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }

    // MARK: - Capacity (level M)

    /// Per version 1…10 at level M: error correction codewords per block, and the blocks' data
    /// codeword counts (ISO/IEC 18004 table 9).
    static let blocks: [(ecc: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]),
        (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]), (22, [38, 38, 39, 39]),
        (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]

    static func dataCodewords(_ version: Int) -> Int { blocks[version - 1].data.reduce(0, +) }

    /// Bits the text takes in byte mode: the mode, the count (8 bits up to version 9, 16 from 10), the bytes.
    static func dataBits(_ count: Int, version: Int) -> Int {
        let countBits = version < 10 ? 8 : 16
        return count < 1 << countBits ? 4 + countBits + 8 * count : Int.max
    }

    /// The data codewords: mode 0100, the byte count, the bytes, a terminator of up to four zero
    /// bits, zero bits to a byte boundary, then the pad bytes 0xEC, 0x11 in turn.
    static func dataCodewords(of bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        let capacity = dataCodewords(version) * 8
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < dataCodewords(version) {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into the version's blocks, adds each block's Reed-Solomon codewords, and
    /// interleaves them: the first codeword of every block, then the second, …, then the error
    /// correction codewords in the same way.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let (eccCount, sizes) = blocks[version - 1]
        let divisor = ReedSolomon.generator(degree: eccCount)
        var dataBlocks: [[UInt8]] = []
        var start = 0
        for size in sizes {
            dataBlocks.append(Array(data[start..<start + size]))
            start += size
        }
        let eccBlocks = dataBlocks.map { ReedSolomon.remainder(of: $0, divisor: divisor) }
        var result: [UInt8] = []
        for index in 0..<(sizes.max() ?? 0) {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<eccCount {
            for block in eccBlocks { result.append(block[index]) }
        }
        return result
    }

    // MARK: - Reed-Solomon over GF(256), polynomial x⁸ + x⁴ + x³ + x² + 1

    enum ReedSolomon {
        static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
            var product = 0
            for bit in stride(from: 7, through: 0, by: -1) {
                product = (product << 1) ^ ((product >> 7) * 0x11D)
                product ^= Int((y >> UInt8(bit)) & 1) * Int(x)
            }
            return UInt8(product)
        }

        /// The coefficients of ∏ (x − αⁱ), i = 0…degree−1, highest first, the leading 1 left out.
        static func generator(degree: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: degree)
            result[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for index in 0..<degree {
                    result[index] = multiply(result[index], root)
                    if index + 1 < degree { result[index] ^= result[index + 1] }
                }
                root = multiply(root, 0x02)
            }
            return result
        }

        /// The remainder of data · x^degree divided by the generator: the error correction codewords.
        static func remainder(of data: [UInt8], divisor: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: divisor.count)
            for byte in data {
                let factor = byte ^ result.removeFirst()
                result.append(0)
                for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
            }
            return result
        }
    }

    // MARK: - The symbol

    /// The modules as they are drawn, and which of them belong to function patterns (finder,
    /// timing, alignment, format and version information), which data and masks never touch.
    struct Matrix {
        let version: Int
        let size: Int
        var modules: [Bool]
        var isFunction: [Bool]

        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            modules = Array(repeating: false, count: size * size)
            isFunction = Array(repeating: false, count: size * size)
        }

        subscript(x: Int, y: Int) -> Bool {
            get { modules[y * size + x] }
            set { modules[y * size + x] = newValue }
        }

        mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
            modules[y * size + x] = dark
            isFunction[y * size + x] = true
        }

        /// Centres of the alignment patterns on each axis (ISO/IEC 18004 annex E).
        static let alignmentCentres: [[Int]] = [
            [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
        ]

        mutating func drawFunctionPatterns() {
            for index in 0..<size {
                setFunction(6, index, index % 2 == 0)
                setFunction(index, 6, index % 2 == 0)
            }
            for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] { drawFinder(x, y) }
            let centres = Self.alignmentCentres[version - 1]
            for (i, x) in centres.enumerated() {
                for (j, y) in centres.enumerated() {
                    // Not over the three finder patterns.
                    let last = centres.count - 1
                    if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                    drawAlignment(x, y)
                }
            }
            // Reserved now, written once the mask is chosen.
            drawFormatBits(mask: 0)
            drawVersion()
        }

        /// A finder pattern centred on (x, y) with its light separator.
        mutating func drawFinder(_ x: Int, _ y: Int) {
            for dy in -4...4 {
                for dx in -4...4 {
                    let distance = max(abs(dx), abs(dy))
                    let (column, row) = (x + dx, y + dy)
                    if (0..<size).contains(column), (0..<size).contains(row) {
                        setFunction(column, row, distance != 2 && distance != 4)
                    }
                }
            }
        }

        mutating func drawAlignment(_ x: Int, _ y: Int) {
            for dy in -2...2 {
                for dx in -2...2 { setFunction(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
            }
        }

        /// The format information (level M, the mask) with its BCH(15,5) code, twice, and the dark module.
        mutating func drawFormatBits(mask: Int) {
            let data = 0b00 << 3 | mask  // level M is 00
            var remainder = data
            for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
            let bits = (data << 10 | remainder) ^ 0x5412
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
            for index in 0...5 { setFunction(8, index, bit(index)) }
            setFunction(8, 7, bit(6))
            setFunction(8, 8, bit(7))
            setFunction(7, 8, bit(8))
            for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
            for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
            for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
            setFunction(8, size - 8, true)
        }

        /// From version 7: the version with its BCH(18,6) code, beside two finder patterns.
        mutating func drawVersion() {
            guard version >= 7 else { return }
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for index in 0..<18 {
                let dark = (bits >> index) & 1 == 1
                let a = size - 11 + index % 3
                let b = index / 3
                setFunction(a, b, dark)
                setFunction(b, a, dark)
            }
        }

        /// The codewords' bits, most significant first, in the zigzag of two-module columns from
        /// the bottom right, up and down in turn, skipping the vertical timing pattern's column.
        mutating func drawCodewords(_ codewords: [UInt8]) {
            var bitIndex = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vertical in 0..<size {
                    for offset in 0..<2 {
                        let x = right - offset
                        let upward = (right + 1) & 2 == 0
                        let y = upward ? size - 1 - vertical : vertical
                        if !isFunction[y * size + x], bitIndex < codewords.count * 8 {
                            self[x, y] = (codewords[bitIndex >> 3] >> UInt8(7 - (bitIndex & 7))) & 1 == 1
                            bitIndex += 1
                        }
                    }
                }
                right -= 2
            }
        }

        static func masks(_ mask: Int, x: Int, y: Int) -> Bool {
            switch mask {
            case 0: (x + y) % 2 == 0
            case 1: y % 2 == 0
            case 2: x % 3 == 0
            case 3: (x + y) % 3 == 0
            case 4: (x / 3 + y / 2) % 2 == 0
            case 5: x * y % 2 + x * y % 3 == 0
            case 6: (x * y % 2 + x * y % 3) % 2 == 0
            default: ((x + y) % 2 + x * y % 3) % 2 == 0
            }
        }

        /// Inverts the data modules the mask selects (applying it twice undoes it).
        mutating func apply(mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !isFunction[y * size + x] && Self.masks(mask, x: x, y: y) {
                    self[x, y].toggle()
                }
            }
        }

        /// The penalty of the symbol with `mask` and its format bits (ISO/IEC 18004 7.8.3).
        func penalty(masked mask: Int) -> Int {
            var copy = self
            copy.apply(mask: mask)
            copy.drawFormatBits(mask: mask)
            return copy.penalty
        }

        /// Runs of five or more modules of one colour in a row or column (3 + 1 per module past
        /// five), 2×2 blocks of one colour (3 each), finder-like 1:1:3:1:1 patterns with four light
        /// modules on a side (40 each), and the distance of the dark share from 50% (10 per 5%).
        var penalty: Int {
            var result = 0
            for line in 0..<size {
                result += linePenalty { modules[line * size + $0] }
                result += linePenalty { modules[$0 * size + line] }
            }
            for y in 0..<size - 1 {
                for x in 0..<size - 1 {
                    let colour = self[x, y]
                    if colour == self[x + 1, y], colour == self[x, y + 1], colour == self[x + 1, y + 1] { result += 3 }
                }
            }
            let dark = modules.filter { $0 }.count
            let total = size * size
            result += ((abs(dark * 20 - total * 10) + total - 1) / total - 1) * 10
            return result
        }

        private func linePenalty(_ module: (Int) -> Bool) -> Int {
            var result = 0
            var runColour = false
            var runLength = 0
            var history = [Int](repeating: 0, count: 7)
            func addHistory(_ length: Int) {
                // The light area around the symbol lengthens the first run.
                history.removeLast()
                history.insert(history[0] == 0 ? length + size : length, at: 0)
            }
            func finderLike() -> Int {
                let n = history[1]
                let core = n > 0 && history[2] == n && history[3] == n * 3 && history[4] == n && history[5] == n
                return (core && history[0] >= n * 4 && history[6] >= n ? 1 : 0)
                    + (core && history[6] >= n * 4 && history[0] >= n ? 1 : 0)
            }
            for index in 0..<size {
                if module(index) == runColour {
                    runLength += 1
                    if runLength == 5 { result += 3 } else if runLength > 5 { result += 1 }
                } else {
                    addHistory(runLength)
                    if !runColour { result += finderLike() * 40 }
                    runColour = module(index)
                    runLength = 1
                }
            }
            // The end of the line, and the light area beyond it.
            if runColour {
                addHistory(runLength)
                runLength = 0
            }
            addHistory(runLength + size)
            result += finderLike() * 40
            return result
        }
    }
}
