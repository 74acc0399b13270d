// tests/unit/dissectors/cleartext_sessions.h
// First bytes of Telnet, FTP, POP3 and IMAP directions shared by the
// cleartext dissector and mapper tests, the fuzz seeds and the benchmark.
#pragma once

#include <cstdint>
#include <string_view>

namespace dissect::test::cleartext_sessions {

// FTP, from zeek's ftp-ipv4.pcap (BSD-3-Clause).
inline constexpr std::string_view kFtpGreeting = "220 ftp.NetBSD.org FTP server (NetBSD-ftpd 20100320) ready.\r\n";
inline constexpr std::string_view kFtpAnonymous = "USER anonymous\r\n";

// A client that looks around before logging in (written for these tests).
inline constexpr std::string_view kFtpLogin = "FEAT\r\nOPTS UTF8 ON\r\nUSER alice\r\n";

inline constexpr std::string_view kPop3Greeting = "+OK POP server ready H migmxus005\r\n";
inline constexpr std::string_view kPop3AuthPlain = "CAPA\r\nAUTH PLAIN AGJvYgBzZWNyZXQ=\r\n";  // "\0bob\0secret"

inline constexpr std::string_view kImapGreeting = "* OK [CAPABILITY IMAP4rev1 SASL-IR] Dovecot ready.\r\n";
inline constexpr std::string_view kImapLogin = "a001 CAPABILITY\r\na002 LOGIN bob secret\r\n";

// Telnet (written for these tests, after a BSD login session).
inline constexpr std::uint8_t kTelnetServer[] = {
    0xff, 0xfd, 0x18,                    // IAC DO TERMINAL-TYPE
    0xff, 0xfb, 0x01,                    // IAC WILL ECHO
    0xff, 0xfa, 0x18, 0x01, 0xff, 0xf0,  // IAC SB TERMINAL-TYPE SEND IAC SE
    '\r', '\n',                          // empty line
    ' ', 'O', 'p', 'e', 'n', 'B', 'S', 'D', '/', 'i', '3', '8', '6', ' ', '(', 'o', 'o', 'f', ')', '\r', '\n',  // banner
    '\r', '\0',                          // CR NUL
    'l', 'o', 'g', 'i', 'n', ':', ' ',   // prompt, no line end
};

inline constexpr std::uint8_t kTelnetClient[] = {
    0xff, 0xfb, 0x18,                    // IAC WILL TERMINAL-TYPE
    0xff, 0xfa, 0x18, 0x00, 'X', 'T', 'E', 'R', 'M', 0xff, 0xf0,  // IAC SB TERMINAL-TYPE IS "XTERM" IAC SE
    'b', 'o', 'b',                       // typed name
    '\r', 0x00,                          // CR NUL
};

}  // namespace dissect::test::cleartext_sessions
