// dissectors/ntp/ntp.h
// NTP (RFC 5905 §7.3 packet header; RFC 7822 extension fields; mode 6
// control messages RFC 9327, formerly RFC 1305 appendix B; mode 7 is ntpd's
// private "ntpdc" format). Extracts leap indicator, version, mode, and for
// modes 0..5 the rest of the 48-byte header (stratum, poll, precision, root
// delay and dispersion, reference id, the four timestamps); bytes after the
// header (extension fields and/or a key id + MAC) are left in `trailer`
// unparsed. For modes 6 and 7 it reads only their short headers: the response
// bit and the opcode / request code. Reads only inside `payload`.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::ntp {

inline constexpr std::size_t kHeaderBytes = 48;        // modes 0..5
inline constexpr std::size_t kControlHeaderBytes = 12; // mode 6
inline constexpr std::size_t kPrivateHeaderBytes = 8;  // mode 7 (ntpdc request/response header)
inline constexpr std::uint8_t kMaxVersion = 4;

enum Mode : std::uint8_t {
    kReserved = 0, kSymmetricActive = 1, kSymmetricPassive = 2, kClient = 3, kServer = 4, kBroadcast = 5,
    kControl = 6, kPrivate = 7,
};

struct Message {
    std::uint8_t leap = 0;       // modes 0..6; in mode 7 these bits are R and M
    std::uint8_t version = 0;    // 1..4
    std::uint8_t mode = 0;       // Mode
    // Modes 0..5:
    std::uint8_t stratum = 0;    // 0 = unspecified / kiss-o'-death, 1 = primary, 2..15 secondary
    std::int8_t poll = 0;        // log2 seconds
    std::int8_t precision = 0;   // log2 seconds
    std::uint32_t root_delay = 0;       // NTP short format (16.16 seconds)
    std::uint32_t root_dispersion = 0;  // NTP short format
    std::uint32_t refid = 0;     // stratum 1: ASCII source ("GPS"); above: upstream IPv4 (or an IPv6 hash)
    std::uint64_t reference_ts = 0, origin_ts = 0, receive_ts = 0, transmit_ts = 0;  // 32.32 since 1900
    ByteView trailer;            // extension fields and/or key id + MAC
    // Modes 6 and 7:
    bool response = false;       // R bit
    std::uint8_t opcode = 0;     // mode 6: opcode (5 bits); mode 7: request code
};

// Parses one NTP message (the UDP payload). Errors: Truncated when the header
// of its mode runs past the end; Malformed for version 0 or above kMaxVersion
// (not NTP, whatever the port says).
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::ntp
