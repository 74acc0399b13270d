// dissectors/quic/quic.h
// QUIC long header packets (RFC 9000 §17.2, invariants RFC 8999 §5.1; version
// 2 RFC 9369 §3.2; draft-29) and the frames of a decrypted Initial packet
// (RFC 9000 §19, §12.4 Table 3). The cleartext half of reading a client's
// Initial: header fields up to the (still protected) packet number, then,
// once posture/evidence/quic.cc has removed the protection (RFC 9001 §5), the
// PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE frames, and the CRYPTO
// stream bytes that are contiguous from offset 0 (where the ClientHello is).
//
// Fields: first byte, version, packet type, DCID, SCID, token, Length, packet
// number offset; per frame type counts, CRYPTO frames (offset, data view).
// Limits: connection IDs over kMaxCidBytes are Malformed (v1 and v2); CRYPTO
// frames past kMaxCryptoFrames are counted in `dropped`; a frame type not
// allowed in Initial packets is Malformed. Only the first packet of a
// datagram is read (coalesced packets after it are ignored). No allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dissectors/core/byte_reader.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "dissectors/tls/tls.h"

namespace dissect::quic {

inline constexpr std::uint32_t kVersion1 = 0x00000001;
inline constexpr std::uint32_t kVersion2 = 0x6b3343cf;  // RFC 9369
inline constexpr std::uint32_t kDraft29 = 0xff00001d;
inline constexpr std::uint32_t kMvfstDraft22 = 0xfaceb001;  // Facebook mvfst
inline constexpr std::uint32_t kMvfstDraft27 = 0xfaceb002;
inline constexpr std::uint32_t kMvfstExperimental = 0xfaceb00e;
inline constexpr std::size_t kMaxCidBytes = 20;         // RFC 9000 §17.2
inline constexpr std::size_t kPnSampleOffset = 4;       // RFC 9001 §5.4.2: sample starts 4 bytes past the PN
inline constexpr std::size_t kSampleBytes = 16;
inline constexpr std::size_t kMaxCryptoFrames = 64;     // Chrome splits its hello into a few dozen at most

enum class PacketType : std::uint8_t { Initial, ZeroRtt, Handshake, Retry };

struct LongHeader {
    std::uint8_t first = 0;      // as sent: reserved and PN length bits still protected
    std::uint32_t version = 0;
    PacketType type = PacketType::Initial;
    ByteView dcid;
    ByteView scid;
    ByteView token;              // Initial only
    std::uint64_t length = 0;    // Length field: packet number + protected payload
    std::size_t pn_offset = 0;   // where the packet number starts in the datagram
    ByteView packet;             // this packet: first byte .. pn_offset + length
};

// Versions whose long header packets parse() reads: 1, 2, IETF drafts 22-34
// (0xff000016..0xff000022), Facebook mvfst, and the reserved 0x?a?a?a?a
// versions that interop clients send to force version negotiation (RFC 9000
// §15). Google's own QUIC versions (Q0xx, T0xx) frame their hellos
// differently and are not read.
[[nodiscard]] bool known_version(std::uint32_t v) noexcept;

// Parses the first packet of `datagram` as a long header packet of a known
// version. Errors: Unsupported for a short header, a Version
// Negotiation packet or an unknown version; Malformed for a connection ID over
// 20 bytes; Truncated when a field, or the Length the packet claims, runs past
// the datagram. The fixed bit is not checked (RFC 9287 lets peers grease it).
[[nodiscard]] Result<LongHeader> parse(ByteView datagram) noexcept;

// Reads a variable-length integer (RFC 9000 §16) at `r`; nullopt when short.
[[nodiscard]] std::optional<std::uint64_t> varint(ByteReader& r) noexcept;

struct CryptoFrame {
    std::uint64_t offset = 0;
    ByteView data;
};

struct InitialFrames {
    tls::FixedList<CryptoFrame, kMaxCryptoFrames> crypto;  // in packet order
    std::uint16_t ping = 0;
    std::uint16_t ack = 0;
    std::size_t padding_bytes = 0;
    bool connection_close = false;
};

// Walks the frames of a decrypted Initial packet payload. Errors: Truncated
// when a frame runs past `plaintext`; Malformed for a frame type not allowed
// in Initial packets.
[[nodiscard]] Result<InitialFrames> parse_frames(ByteView plaintext) noexcept;

// Copies the CRYPTO stream bytes contiguous from offset 0 into `out`, in
// stream order whatever the frame order (Chrome shuffles them), overlaps
// taken once; returns how many it copied (at most out.size()).
[[nodiscard]] std::size_t assemble_crypto(const InitialFrames& frames, std::span<std::uint8_t> out) noexcept;

}  // namespace dissect::quic
