// The flat binary layout of the compiled-rubric cache (see CompiledRubricCache and Docs/decisions.md).
//
// Hand-written rather than Codable: a compiled rubric is mostly large integer arrays (the matcher's
// program, pool and start lists, the model's weights), which this layout copies in one `memcpy` each,
// where a Codable coder (JSON or a binary property list) boxes every integer on its own; measured in
// Docs/performance.md. Every read is bounds-checked and throws on a short or malformed buffer, so a
// damaged file can never make the reader index out of range; the file's checksum (checked before
// any read) catches damage the bounds cannot see.

/// Appends values to a byte buffer in the cache's layout: little-endian integers, length-prefixed
/// strings and arrays.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1 << 20)
    }

    mutating func write(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    mutating func write(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func write(_ value: String) {
        value.withUTF8InPlace { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    mutating func write(_ values: [Int]) {
        write(values.count)
        for value in values { write(value) }
    }

    /// An array of 32-bit integers, copied as one block.
    mutating func write(_ values: [Int32]) {
        write(values.count)
        for value in values { write(value) }
    }

    /// An array of 64-bit integers, copied as one block on a little-endian machine.
    mutating func write(_ values: [UInt64]) {
        write(values.count)
        #if _endian(little)
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for value in values { write(value) }
        #endif
    }

    mutating func write(_ values: [Bool]) {
        write(values.count)
        for value in values { write(value) }
    }

    mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ value: Int?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(bytes more: [UInt8]) {
        write(more.count)
        bytes.append(contentsOf: more)
    }

    /// Writes `values`' count, then each value with `element`.
    mutating func write<T>(_ values: [T], _ element: (inout CacheWriter, T) -> Void) {
        write(values.count)
        for value in values { element(&self, value) }
    }
}

/// The cache file does not hold what the reader expected: it is rebuilt, never trusted.
struct CacheFormatError: Error, Equatable {
    var reason: String
}

/// Reads values written by ``CacheWriter``, checking every length against the bytes that remain.
struct CacheReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws(CacheFormatError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else {
            throw CacheFormatError(reason: "\(count) bytes wanted at \(offset) of \(bytes.count)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func int() throws(CacheFormatError) -> Int {
        let value = Int64(littleEndian: try take(8).loadUnaligned(as: Int64.self))
        guard let result = Int(exactly: value) else { throw CacheFormatError(reason: "integer out of range") }
        return result
    }

    mutating func int32() throws(CacheFormatError) -> Int32 {
        Int32(littleEndian: try take(4).loadUnaligned(as: Int32.self))
    }

    mutating func uint64() throws(CacheFormatError) -> UInt64 {
        UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
    }

    mutating func double() throws(CacheFormatError) -> Double {
        Double(bitPattern: try uint64())
    }

    mutating func bool() throws(CacheFormatError) -> Bool {
        switch try take(1)[0] {
        case 0: return false
        case 1: return true
        case let other: throw CacheFormatError(reason: "\(other) is not a Boolean")
        }
    }

    /// A count of items each at least `minimumSize` bytes long, checked against the bytes left.
    mutating func count(minimumSize: Int = 1) throws(CacheFormatError) -> Int {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / max(minimumSize, 1) else {
            throw CacheFormatError(reason: "a count of \(count) at \(offset) is more than the file holds")
        }
        return count
    }

    mutating func string() throws(CacheFormatError) -> String {
        let utf8 = try take(try count())
        return String(decoding: utf8, as: UTF8.self)
    }

    mutating func strings() throws(CacheFormatError) -> [String] {
        let count = try count(minimumSize: 8)
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }

    mutating func ints() throws(CacheFormatError) -> [Int] {
        let count = try count(minimumSize: 8)
        var values: [Int] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try int()) }
        return values
    }

    /// An array of 32-bit integers, copied as one block on a little-endian machine.
    mutating func int32s() throws(CacheFormatError) -> [Int32] {
        let count = try count(minimumSize: 4)
        let block = try take(4 * count)
        return [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: block)
            #else
                for index in 0..<count {
                    buffer[index] = Int32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * index, as: Int32.self))
                }
            #endif
            initialized = count
        }
    }

    /// An array of 64-bit integers, copied as one block on a little-endian machine.
    mutating func uint64s() throws(CacheFormatError) -> [UInt64] {
        let count = try count(minimumSize: 8)
        let block = try take(8 * count)
        return [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: block)
            #else
                for index in 0..<count {
                    buffer[index] = UInt64(
                        littleEndian: block.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
                }
            #endif
            initialized = count
        }
    }

    mutating func bools() throws(CacheFormatError) -> [Bool] {
        let count = try count()
        var values: [Bool] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try bool()) }
        return values
    }

    mutating func optionalString() throws(CacheFormatError) -> String? {
        try bool() ? try string() : nil
    }

    mutating func optionalInt() throws(CacheFormatError) -> Int? {
        try bool() ? try int() : nil
    }

    mutating func byteArray() throws(CacheFormatError) -> [UInt8] {
        Array(try take(try count()))
    }

    /// Reads a count, then that many values with `element`.
    mutating func array<T>(_ element: (inout CacheReader) throws(CacheFormatError) -> T) throws(CacheFormatError)
        -> [T]
    {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }
}
