// dissectors/http/http.h
// HTTP/1.x message head (RFC 9112 §2-§5; field syntax RFC 9110 §5). Parses the
// start line (request line: method, target, version; or status line: version,
// status code, reason) and the header section of a message head in one
// direction of a TCP stream, up to the empty line that ends it. Extracts the
// fields used to identify the sender: Host, User-Agent, Server, the scheme of
// Authorization / Proxy-Authorization (never Basic or Bearer credentials),
// Content-Type, and the base64 token of NTLM / Negotiate authentication
// (Authorization, WWW-Authenticate), whose NTLMSSP messages name the hosts.
//
// Stream shape (STYLE.md §2): a head that has not ended yet gives a Message
// with `need_bytes` set (NeedMore); the fields of the lines already complete
// are filled but the caller should wait. When the input reaches
// kMaxHeaderBytes without the empty line, the complete lines are parsed and
// `cut` is set instead: the pipeline buffers no more than that per direction.
//
// Limits: the head is looked at only in its first kMaxHeaderBytes; at most
// kMaxHeaders field lines are examined (the rest are counted in
// `headers_dropped`); a method longer than kMaxMethodBytes is malformed.
// Header names are matched case-insensitively (RFC 9110 §5.1). The first
// occurrence of a field wins. Obsolete line folding (RFC 9112 §5.2) is skipped
// and counted, not joined: a folded User-Agent keeps its first line only.
// The request line is read the lenient way RFC 9112 §3 allows (blank runs
// separate the parts; the target may contain blanks; see http.cc).
// Reads only inside the input; every view points into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::http {

inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;  // = the pipeline's default max_stream_bytes
inline constexpr std::size_t kMaxHeaders = 64;
inline constexpr std::size_t kMaxMethodBytes = 32;
inline constexpr std::size_t kMaxLeadingEmptyLines = 4;     // RFC 9112 §2.2: ignore CRLF before a request

enum class Kind : std::uint8_t { Request, Response };

struct Message {
    Kind kind = Kind::Request;
    ByteView method;                   // request: token, e.g. "GET"
    ByteView target;                   // request: as sent (origin-, absolute-, authority- or asterisk-form)
    std::uint8_t version_major = 0;    // HTTP/x.y
    std::uint8_t version_minor = 0;
    std::uint16_t status = 0;          // response: 100..999
    ByteView reason;                   // response: may be empty
    ByteView host;                     // field values, OWS trimmed; empty when absent
    ByteView user_agent;
    ByteView server;
    ByteView auth_scheme;              // Authorization: the first token only (e.g. "Basic")
    ByteView auth_token;               // Authorization after the scheme, for NTLM and Negotiate only
    ByteView proxy_auth_scheme;        // Proxy-Authorization: the first token only
    ByteView challenge_token;          // WWW-Authenticate: the token of the first "NTLM <token>" or
                                       // "Negotiate <token>" challenge (the server's NTLMSSP CHALLENGE)
    ByteView content_type;
    // Body framing (RFC 9112 §6.3), to find where the next message starts:
    // Content-Length when it is one valid decimal (repeated equal values
    // allowed), Transfer-Encoding naming "chunked" last. A length that does
    // not parse, or differs between repeats, leaves `content_length_valid`
    // false and `content_length_bad` set.
    std::uint64_t content_length = 0;
    bool content_length_valid = false;
    bool content_length_bad = false;
    bool chunked = false;
    std::uint16_t header_count = 0;    // field lines examined (<= kMaxHeaders)
    std::uint16_t headers_dropped = 0; // field lines past kMaxHeaders, not examined
    std::uint16_t bad_lines = 0;       // field lines without a valid name and colon, skipped
    std::uint16_t folded_lines = 0;    // obs-fold continuation lines, skipped
    std::size_t head_bytes = 0;        // end of this head (after its empty line) in the input, once complete
    std::size_t need_bytes = 0;        // NeedMore: > 0 while the head has not ended
    bool cut = false;                  // kMaxHeaderBytes reached before the empty line
};

// True when `m` is a NeedMore outcome: call again with at least m.need_bytes.
[[nodiscard]] constexpr bool need_more(const Message& m) noexcept { return m.need_bytes != 0; }

// Parses the message head that starts at offset `at` of `stream` (the first
// bytes of one direction): 0 for the first head, or a previous head's
// `head_bytes` to read the next one, e.g. the final response after an
// interim "100 Continue". Returns a complete head, a NeedMore partial
// (need_bytes > 0), or a cut head (input >= kMaxHeaderBytes without the
// empty line). Errors:
// Malformed when the start line is neither a request line nor a status line
// (checked as soon as its first bytes arrive, so non-HTTP fails early);
// Unsupported for an HTTP/0.9 request line (no version); LimitExceeded when
// the start line alone does not fit in kMaxHeaderBytes. Never Truncated: a
// short input is NeedMore. (Malformed at offset 0 also when `at` lies past
// the input or kMaxHeaderBytes: a caller's mistake.)
[[nodiscard]] Result<Message> parse(ByteView stream, std::size_t at = 0) noexcept;

// RFC 9112 §6.3: the body length of a complete head, when the head alone
// tells it: 0 for a HEAD-less response without a body (1xx, 204, 304) or a
// request without Content-Length or Transfer-Encoding; Content-Length where it
// is valid. Returns false when the body's end cannot be told from the head
// (chunked, a response read to connection close, a bad length): the caller
// stops walking the stream there. (A response to HEAD also has no body; the
// head alone does not say so, so such a response is read by its framing.)
[[nodiscard]] bool body_length(const Message& m, std::uint64_t& out) noexcept;

// RFC 9110 §15.2: a 1xx response other than 101 is interim; the final
// response follows in the same stream. (After 101 the stream is no longer HTTP.)
[[nodiscard]] constexpr bool interim(const Message& m) noexcept {
    return m.kind == Kind::Response && m.status >= 100 && m.status < 200 && m.status != 101;
}

// ASCII case-insensitive equality of `v` with `lower` (which must be lowercase).
[[nodiscard]] bool iequals(ByteView v, std::string_view lower) noexcept;

}  // namespace dissect::http
