// dissectors/tcp/tcp.h
// TCP header (RFC 9293 §3.1): ports, sequence and acknowledgment numbers, data
// offset, flags (incl. ECE/CWR, RFC 3168), window, urgent pointer, and the
// options as a raw view (options are for fingerprinting code to walk; this
// parser does not interpret them). The checksum is read, not verified.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::tcp {

inline constexpr std::size_t kMinHeaderLen = 20;  // data offset 5
inline constexpr std::size_t kMaxHeaderLen = 60;  // data offset 15

inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
inline constexpr std::uint8_t kUrg = 0x20;
inline constexpr std::uint8_t kEce = 0x40;
inline constexpr std::uint8_t kCwr = 0x80;

struct Header {
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t header_len = 0;   // bytes, data offset * 4 (20..60)
    std::uint8_t reserved = 0;     // the 4 bits between data offset and flags (bit 0: AccECN AE, RFC 9768)
    std::uint8_t flags = 0;        // kFin .. kCwr
    std::uint16_t window = 0;
    std::uint16_t checksum = 0;    // not verified
    std::uint16_t urgent = 0;
    ByteView options;              // header bytes after the first 20
    ByteView payload;              // after the header, to the end of `segment`
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.tcp.truncated";
inline constexpr const char kErrBadDataOffset[] = "dissect.tcp.bad_data_offset";

// Parses the TCP header at the start of `segment` (the IP payload). Views
// point into `segment`.
// Errors: Truncated when fewer than 20 bytes, or fewer than data offset * 4
// bytes, are present; Malformed ("bad_data_offset") for a data offset below 5.
[[nodiscard]] Result<Header> parse(ByteView segment) noexcept;

}  // namespace dissect::tcp
