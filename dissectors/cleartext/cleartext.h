// dissectors/cleartext/cleartext.h
// Small detectors for the login phase of four cleartext TCP protocols, run on
// the first bytes of one direction of a stream:
//   Telnet (RFC 854 NVT, RFC 855 option negotiation): IAC sequences are
//     skipped; from the server, its first line of text and whether it asks for
//     a login name or password; from the client, whether it typed a line.
//   FTP (RFC 959 §4.2, §5.4; RFC 2228 AUTH): the server's greeting reply
//     (code and first line); the client's USER / PASS, or AUTH before them.
//   POP3 (RFC 1939 §4, §7; RFC 2595 STLS; RFC 5034 AUTH): the +OK / -ERR
//     greeting; the client's USER / PASS / APOP / AUTH PLAIN|LOGIN, or STLS.
//   IMAP (RFC 9051 §6.2, §7.1): the untagged OK / PREAUTH / BYE greeting; the
//     client's LOGIN / AUTHENTICATE PLAIN|LOGIN, or STARTTLS.
// It reports THAT credentials were sent and with which command, never the
// arguments: no view into a user name, password or SASL response is kept.
//
// Stream shape (STYLE.md §2): a Message with `need_bytes` set (NeedMore) until
// the direction has told what it can: a server after its greeting line (a
// Telnet server after a prompt, or kMaxTelnetLines lines of text); a client
// after its credential or STARTTLS-like command (after which the bytes may be
// encrypted) or QUIT / LOGOUT, or after kMaxLines command lines without any
// of them (then complete with nothing found).
//
// Limits: FTP/POP3/IMAP lines at most kMaxLineBytes; at most kMaxLines lines
// (kMaxTelnetLines for Telnet text) examined; a Telnet subnegotiation that
// does not end inside the input waits for more. Reads only inside the input;
// every view points into it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::cleartext {

inline constexpr std::size_t kMaxLineBytes = 1024;   // RFC 1939 caps POP3 at 512; FTP and IMAP set none
inline constexpr std::size_t kMaxLines = 32;
inline constexpr std::size_t kMaxTelnetLines = 16;
inline constexpr std::size_t kMaxPromptBytes = 64;   // a Telnet prompt is a short last line

enum class Proto : std::uint8_t { Telnet, Ftp, Pop3, Imap };
enum class Side : std::uint8_t { Client, Server };

// The command that carried credentials (never its arguments).
enum class Login : std::uint8_t {
    None,
    TelnetLine,    // Telnet: the client typed a line (a login name, password or command)
    User,          // FTP / POP3 USER
    Pass,          // FTP / POP3 PASS
    Apop,          // POP3 APOP (an MD5 digest, crackable offline)
    Login,         // IMAP LOGIN
    SaslPlain,     // POP3 AUTH / IMAP AUTHENTICATE with PLAIN
    SaslLogin,     // ... with LOGIN
};

struct Message {
    Proto proto = Proto::Telnet;
    Side side = Side::Client;
    // Server side.
    ByteView greeting;           // first line of the greeting without CR LF (Telnet: first text line, trimmed)
    std::uint16_t reply_code = 0;  // FTP: the greeting's reply code (e.g. 220)
    bool greeting_ok = false;    // FTP 1yz/2yz, POP3 +OK, IMAP OK/PREAUTH, Telnet: text seen
    bool prompt = false;         // Telnet: the text ends in a prompt ("login: ", "Password:", "Router>")
    bool login_prompt = false;   // Telnet: that prompt asks for a login name or password
    // Client side.
    Login login = Login::None;
    bool anonymous = false;      // FTP USER anonymous / ftp
    bool starttls = false;       // AUTH (FTP), STLS, STARTTLS before any credentials
    // Both.
    std::uint16_t lines = 0;            // complete lines examined (Telnet: lines with text)
    std::uint16_t telnet_commands = 0;  // IAC sequences skipped
    std::size_t need_bytes = 0;         // NeedMore: > 0 while the direction may still tell more
};

// True when `m` is a NeedMore outcome: call again with at least m.need_bytes.
[[nodiscard]] constexpr bool need_more(const Message& m) noexcept { return m.need_bytes != 0; }

// Parses the first bytes of one direction (`side`) of a `proto` session.
// Returns a complete Message or a NeedMore partial. Errors (FTP, POP3, IMAP
// only; Telnet carries arbitrary bytes): Malformed when the server's first
// line is not that protocol's greeting, or a line holds control bytes other
// than TAB (checked as bytes arrive, so binary traffic fails early);
// LimitExceeded when a line is longer than kMaxLineBytes. Never Truncated.
[[nodiscard]] Result<Message> parse(Proto proto, Side side, ByteView stream) noexcept;

}  // namespace dissect::cleartext
