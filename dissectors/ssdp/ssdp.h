// dissectors/ssdp/ssdp.h
// SSDP, the UPnP discovery protocol (UPnP Device Architecture 1.1 §1; HTTPU,
// HTTP/1.1 message syntax over UDP, RFC 7230 §3), UDP 1900. Parses the start
// line (a NOTIFY or M-SEARCH request line, or a search response's status line)
// and the header lines, and keeps the headers that identify the sender and
// what it offers or looks for: SERVER, USER-AGENT, NT, NTS, ST, USN, LOCATION,
// MAN. Header names match case-insensitively, the first occurrence wins,
// values are trimmed of spaces and tabs. A body after the blank line is ignored.
//
// Tolerated, and counted rather than fatal, because devices send all of them:
// LF without CR, no blank line at the end, lines without a colon, obsolete
// line folding (a continuation line is skipped, not joined). A last line
// without its line feed is not used: it may be cut short (`partial_line`).
// Limits: kMaxHeaders header lines are examined (the rest are counted in
// headers_dropped); a line longer than kMaxLineBytes is skipped (long_lines).
// Views point into the payload.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::ssdp {

inline constexpr std::size_t kMaxHeaders = 32;
inline constexpr std::size_t kMaxLineBytes = 1024;

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.ssdp.truncated";          // no complete start line
inline constexpr const char kErrBadStartLine[] = "dissect.ssdp.bad_start_line";
inline constexpr const char kErrLineTooLong[] = "dissect.ssdp.line_too_long";    // start line over the cap

enum class Kind : std::uint8_t { Notify, MSearch, Response, OtherRequest };

struct Message {
    Kind kind = Kind::OtherRequest;
    ByteView method;           // requests: "NOTIFY", "M-SEARCH", ...
    ByteView uri;              // requests: usually "*"
    ByteView version;          // "HTTP/1.1"
    std::uint16_t status = 0;  // responses: the status code
    ByteView reason;           // responses: "OK"

    ByteView server, user_agent, nt, nts, st, usn, location, man;

    std::uint16_t header_count = 0;     // well-formed header lines examined
    std::uint16_t headers_dropped = 0;  // header lines after kMaxHeaders
    std::uint16_t long_lines = 0;       // skipped: longer than kMaxLineBytes
    std::uint16_t bad_lines = 0;        // skipped: no colon, or a folded continuation
    bool complete = false;              // the blank line that ends the headers was seen
    bool partial_line = false;          // the payload ended inside a line (not used)
};

// Parses one SSDP datagram (the UDP payload). Errors: Truncated
// ("dissect.ssdp.truncated") when the payload ends before the start line's
// line feed; Malformed ("bad_start_line") when the start line is neither
// `METHOD SP URI SP HTTP/x` nor `HTTP/x SP 3DIGIT [SP reason]`; LimitExceeded
// ("line_too_long") when the start line exceeds kMaxLineBytes.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::ssdp
