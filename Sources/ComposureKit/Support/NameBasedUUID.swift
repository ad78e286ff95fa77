import Foundation

/// Name-based UUIDs (RFC 4122 version 5, SHA-1): the same namespace and name always give the same UUID.
///
/// Used for xAPI statement ids, so exporting the same session twice gives the same
/// statement and a learning record store can tell a re-export from a new result.
/// SHA-1 is written here because Foundation on Linux has no digest API; it serves only
/// as RFC 4122 prescribes, not for security.
package enum NameBasedUUID {
    /// The RFC 4122 namespace for URLs, `6ba7b811-9dad-11d1-80b4-00c04fd430c8`.
    package static let urlNamespace = UUID(
        uuid: (0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8))

    /// The RFC 4122 namespace for domain names, `6ba7b810-9dad-11d1-80b4-00c04fd430c8`.
    package static let dnsNamespace = UUID(
        uuid: (0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8))

    /// The version 5 UUID of `name` in `namespace`.
    package static func uuid(namespace: UUID, name: String) -> UUID {
        let space = namespace.uuid
        let spaceBytes = [
            space.0, space.1, space.2, space.3, space.4, space.5, space.6, space.7, space.8, space.9, space.10,
            space.11, space.12, space.13, space.14, space.15,
        ]
        var digest = sha1(spaceBytes + Array(name.utf8))
        digest[6] = (digest[6] & 0x0F) | 0x50  // version 5
        digest[8] = (digest[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(
            uuid: (
                digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8],
                digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]
            ))
    }

    /// The lower-case RFC 4122 text form, `xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx`.
    package static func string(namespace: UUID, name: String) -> String {
        uuid(namespace: namespace, name: name).uuidString.lowercased()
    }

    /// The SHA-1 digest (FIPS 180-4) of `message`: 20 bytes.
    static func sha1(_ message: [UInt8]) -> [UInt8] {
        var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8((bitLength >> UInt64(shift)) & 0xFF)) }
        var words = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: padded.count, by: 64) {
            for index in 0..<16 {
                let offset = chunk + index * 4
                words[index] =
                    UInt32(padded[offset]) << 24 | UInt32(padded[offset + 1]) << 16 | UInt32(padded[offset + 2]) << 8
                    | UInt32(padded[offset + 3])
            }
            for index in 16..<80 {
                let mixed = words[index - 3] ^ words[index - 8] ^ words[index - 14] ^ words[index - 16]
                words[index] = mixed << 1 | mixed >> 31
            }
            var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
            for index in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch index {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let next = (a << 5 | a >> 27) &+ f &+ e &+ k &+ words[index]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, next)
            }
            state[0] = state[0] &+ a
            state[1] = state[1] &+ b
            state[2] = state[2] &+ c
            state[3] = state[3] &+ d
            state[4] = state[4] &+ e
        }
        return state.flatMap { word in [24, 16, 8, 0].map { UInt8((word >> UInt32($0)) & 0xFF) } }
    }
}
