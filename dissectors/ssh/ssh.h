// dissectors/ssh/ssh.h
// SSH transport start (RFC 4253 §4.2 protocol version exchange, §6 binary
// packet, §7.1 SSH_MSG_KEXINIT; name-lists RFC 4251 §5). Parses the first
// bytes of one direction of a TCP stream: optional lines a server may send
// before its identification, the identification line
// "SSH-protoversion-softwareversion SP comments", then, for protocol 2.0 and
// 1.99, the first binary packet. When that packet is KEXINIT (20) it extracts
// the cookie and the ten name-lists (kex, host key, ciphers, MACs, compression
// and languages, each client-to-server then server-to-client), which is what
// HASSH is computed from.
//
// Stream shape (STYLE.md §2): while the identification line or the KEXINIT
// fields are still incomplete, parse returns a Message with `need_bytes` set
// (NeedMore). A protocol 1.x peer (not 1.99) sends no SSH-2 packets: the
// message is complete after the identification line. A first packet that is
// not KEXINIT (or not an SSH-2 packet at all, e.g. an SSH-1 packet after a
// 1.99 banner) ends the message with `has_kexinit` false.
//
// Limits: each line at most kMaxLineBytes including CR LF (RFC 4253 §4.2 caps
// the identification at 255); at most kMaxPreambleLines lines before it; a
// packet longer than kMaxPacketBytes (RFC 4253 §6.1) is not taken for SSH-2.
// Only the KEXINIT payload is read, not its padding or MAC, so a KEXINIT
// whose padding has not arrived yet is already complete. Reads only inside
// the input; every view points into it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::ssh {

inline constexpr std::size_t kMaxLineBytes = 255;
inline constexpr std::size_t kMaxPreambleLines = 16;
inline constexpr std::uint32_t kMaxPacketBytes = 35000;
inline constexpr std::size_t kCookieBytes = 16;
inline constexpr std::size_t kNameListCount = 10;
inline constexpr std::uint8_t kMsgKexinit = 20;

// Positions of the name-lists in KEXINIT, in wire order (RFC 4253 §7.1).
enum NameList : std::uint8_t {
    kKex = 0,
    kHostKey,
    kCiphersC2s,
    kCiphersS2c,
    kMacsC2s,
    kMacsS2c,
    kCompressionC2s,
    kCompressionS2c,
    kLanguagesC2s,
    kLanguagesS2c,
};

struct Kexinit {
    ByteView cookie;                             // 16 random bytes
    std::array<ByteView, kNameListCount> lists;  // raw comma-separated lists, indexed by NameList
    bool first_kex_packet_follows = false;
};

struct Message {
    ByteView banner;                  // identification line without CR LF, e.g. "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1"
    ByteView proto_version;           // "2.0", "1.99", "1.5"
    ByteView software;                // "OpenSSH_9.2p1" (may contain '-': "OpenSSH_6.6p1-hpn14v4")
    ByteView comments;                // after the first SP, e.g. "Debian-2+deb12u1"; may be empty
    std::uint8_t preamble_lines = 0;  // lines before the identification
    bool ssh1 = false;                // protocol 1.x other than 1.99: no SSH-2 packets follow
    bool has_kexinit = false;
    Kexinit kexinit;                  // valid when has_kexinit
    std::optional<std::uint8_t> first_msg;  // message number of a first packet that is not KEXINIT
    std::size_t need_bytes = 0;       // NeedMore: > 0 while incomplete
};

// True when `m` is a NeedMore outcome: call again with at least m.need_bytes.
[[nodiscard]] constexpr bool need_more(const Message& m) noexcept { return m.need_bytes != 0; }

// Parses the start of one direction of an SSH connection. Returns a complete
// Message or a NeedMore partial (fields known so far are set). Errors:
// LimitExceeded when a line does not end within kMaxLineBytes or more than
// kMaxPreambleLines precede the identification; Malformed when the
// identification line is invalid (empty version fields, control bytes) or a
// KEXINIT name-list runs past the packet it is in (a lying length). Never
// Truncated: a short input is NeedMore.
[[nodiscard]] Result<Message> parse(ByteView stream) noexcept;

// Parses only the identification line (and any lines before it); stops after
// it. Same errors as parse() for that part.
[[nodiscard]] Result<Message> parse_identification(ByteView stream) noexcept;

// Walks the comma-separated names of a name-list. Empty names (",,") are
// skipped; an empty list yields nothing.
class NameIter {
public:
    constexpr explicit NameIter(ByteView list) noexcept : list_(list) {}
    // The next name, or nullopt at the end.
    [[nodiscard]] std::optional<ByteView> next() noexcept;

private:
    ByteView list_;
    std::size_t pos_ = 0;
};

}  // namespace dissect::ssh
