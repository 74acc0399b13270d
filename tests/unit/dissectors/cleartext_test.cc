// Cleartext login detectors: Telnet, FTP, POP3, IMAP (dissectors/cleartext).
#include "dissectors/cleartext/cleartext.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tests/unit/dissectors/cleartext_sessions.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::cleartext {
namespace {

using test::Bytes;
using test::view;
using namespace test::cleartext_sessions;

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::string str(ByteView v) { return std::string(v.as_chars()); }

Result<Message> client(Proto p, const Bytes& in) { return parse(p, Side::Client, view(in)); }
Result<Message> server(Proto p, const Bytes& in) { return parse(p, Side::Server, view(in)); }

// Every proper prefix of a direction that completes must be NeedMore.
void expect_prefixes_need_more(Proto p, Side side, const Bytes& in) {
    test::expect_prefixes_truncated_or_ok(in, [&](ByteView v) { return parse(p, side, v); });
    for (std::size_t n = 0; n < in.size(); ++n) {
        const Bytes prefix(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
        const auto m = parse(p, side, view(prefix));
        ASSERT_TRUE(m) << n;
        EXPECT_TRUE(need_more(*m)) << "prefix " << n;
    }
    const auto whole = parse(p, side, view(in));
    ASSERT_TRUE(whole);
    EXPECT_FALSE(need_more(*whole));
}

// ---- FTP ----

TEST(CleartextParse, FtpServerGreeting) {
    const Bytes in = bytes(kFtpGreeting);
    const auto m = server(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->reply_code, 220);
    EXPECT_TRUE(m->greeting_ok);
    EXPECT_EQ(str(m->greeting), "220 ftp.NetBSD.org FTP server (NetBSD-ftpd 20100320) ready.");
    expect_prefixes_need_more(Proto::Ftp, Side::Server, in);
}

TEST(CleartextParse, FtpMultiLineGreetingKeepsFirstLine) {
    const Bytes in = bytes("220-Welcome\r\n220-Authorized users only\r\n220 Ready\r\n");
    const auto m = server(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_EQ(str(m->greeting), "220-Welcome");
    EXPECT_EQ(m->lines, 1);
}

TEST(CleartextParse, FtpServerRefusal) {
    const Bytes in = bytes("421 Too many users\r\n");
    const auto m = server(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->reply_code, 421);
    EXPECT_FALSE(m->greeting_ok);
}

TEST(CleartextParse, FtpServerNotAGreetingIsMalformed) {
    for (const std::string_view bad : {"hello\r\n", "22 short\r\n", "220x\r\n", "999 high\r\n"}) {
        const Bytes in = bytes(bad);
        const auto m = server(Proto::Ftp, in);
        ASSERT_FALSE(m) << bad;
        EXPECT_EQ(m.error().kind, ErrorKind::Malformed) << bad;
    }
}

TEST(CleartextParse, FtpClientUserIsTheLogin) {
    const Bytes in = bytes(kFtpAnonymous);
    const auto m = client(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->login, Login::User);
    EXPECT_TRUE(m->anonymous);
    EXPECT_TRUE(m->greeting.empty());  // nothing of what the client sent is kept
    expect_prefixes_need_more(Proto::Ftp, Side::Client, in);

    const Bytes named = bytes("user hello\r\n");  // verbs are case-insensitive
    const auto n = client(Proto::Ftp, named);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->login, Login::User);
    EXPECT_FALSE(n->anonymous);
}

TEST(CleartextParse, FtpClientCommandsBeforeLogin) {
    const Bytes in = bytes(kFtpLogin);
    const auto m = client(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->login, Login::User);
    EXPECT_EQ(m->lines, 3);
    expect_prefixes_need_more(Proto::Ftp, Side::Client, in);
    const Bytes pass = bytes("PASS secret\r\n");  // PASS alone counts too
    EXPECT_EQ(client(Proto::Ftp, pass)->login, Login::Pass);
}

TEST(CleartextParse, FtpClientAuthTlsEndsWithoutLogin) {
    const Bytes in = bytes("AUTH TLS\r\n\x16\x03\x01");
    const auto m = client(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_TRUE(m->starttls);
    EXPECT_EQ(m->login, Login::None);
}

TEST(CleartextParse, FtpClientQuitEndsWithoutLogin) {
    const Bytes in = bytes("SYST\r\nQUIT\r\n");
    const auto m = client(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->login, Login::None);
}

TEST(CleartextParse, LinesPastCapEndWithNothing) {
    std::string s;
    for (std::size_t i = 0; i < kMaxLines; ++i) s += "NOOP\r\n";
    const Bytes in = bytes(s + "USER late\r\n");
    const auto m = client(Proto::Ftp, in);
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->login, Login::None);
    EXPECT_EQ(m->lines, kMaxLines);
}

TEST(CleartextParse, LongLineIsLimitExceeded) {
    const Bytes in = bytes("USER " + std::string(kMaxLineBytes, 'a'));
    const auto m = client(Proto::Ftp, in);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::LimitExceeded);
}

TEST(CleartextParse, ControlBytesAreMalformedAsTheyArrive) {
    constexpr std::uint8_t kBinary[] = {'U', 'S', 0x00, 0x01};
    const auto m = parse(Proto::Pop3, Side::Client, view(kBinary));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(m.error().offset, 2u);
}

// ---- POP3 ----

TEST(CleartextParse, Pop3Greeting) {
    const Bytes in = bytes(kPop3Greeting);
    const auto m = server(Proto::Pop3, in);
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->greeting_ok);
    EXPECT_EQ(str(m->greeting), "+OK POP server ready H migmxus005");
    expect_prefixes_need_more(Proto::Pop3, Side::Server, in);
    const Bytes err = bytes("-ERR busy\r\n");
    const auto e = server(Proto::Pop3, err);
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->greeting_ok);
    const Bytes bad = bytes("* OK imap\r\n");
    EXPECT_FALSE(server(Proto::Pop3, bad));
}

TEST(CleartextParse, Pop3ClientLogins) {
    struct Case {
        std::string_view session;
        Login login;
    };
    for (const Case c : {
             Case{"CAPA\r\nUSER bob\r\n", Login::User},
             Case{"PASS x\r\n", Login::Pass},
             Case{"APOP bob c4c9334bac560ecc979e58001b3e22fb\r\n", Login::Apop},
             Case{"AUTH\r\nAUTH PLAIN AGJvYgBzZWNyZXQ=\r\n", Login::SaslPlain},  // bare AUTH lists mechanisms
             Case{kPop3AuthPlain, Login::SaslPlain},
             Case{"auth login\r\n", Login::SaslLogin},
         }) {
        const Bytes in = bytes(c.session);
        const auto m = client(Proto::Pop3, in);
        ASSERT_TRUE(m) << c.session;
        EXPECT_FALSE(need_more(*m)) << c.session;
        EXPECT_EQ(m->login, c.login) << c.session;
    }
}

TEST(CleartextParse, Pop3ClientWithoutCleartextSecret) {
    for (const std::string_view s : {"STLS\r\n", "AUTH CRAM-MD5\r\n", "QUIT\r\n"}) {
        const Bytes in = bytes(s);
        const auto m = client(Proto::Pop3, in);
        ASSERT_TRUE(m) << s;
        EXPECT_FALSE(need_more(*m)) << s;
        EXPECT_EQ(m->login, Login::None) << s;
    }
    const Bytes stls = bytes("STLS\r\n");
    EXPECT_TRUE(client(Proto::Pop3, stls)->starttls);
}

// ---- IMAP ----

TEST(CleartextParse, ImapGreetings) {
    const Bytes ok = bytes(kImapGreeting);
    auto m = server(Proto::Imap, ok);
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->greeting_ok);
    EXPECT_EQ(str(m->greeting), "* OK [CAPABILITY IMAP4rev1 SASL-IR] Dovecot ready.");
    expect_prefixes_need_more(Proto::Imap, Side::Server, ok);
    const Bytes preauth = bytes("* PREAUTH hi\r\n");
    EXPECT_TRUE(server(Proto::Imap, preauth)->greeting_ok);
    const Bytes bye = bytes("* BYE go away\r\n");
    EXPECT_FALSE(server(Proto::Imap, bye)->greeting_ok);
    for (const std::string_view bad : {"+OK pop\r\n", "* NO\r\n", "*OK\r\n"}) {
        const Bytes in = bytes(bad);
        EXPECT_FALSE(server(Proto::Imap, in)) << bad;
    }
}

TEST(CleartextParse, ImapClientLogins) {
    const Bytes login = bytes(kImapLogin);
    auto m = client(Proto::Imap, login);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->login, Login::Login);
    EXPECT_EQ(m->lines, 2);
    expect_prefixes_need_more(Proto::Imap, Side::Client, login);
    const Bytes plain = bytes("1 authenticate PLAIN AGJvYgBzZWNyZXQ=\r\n");
    EXPECT_EQ(client(Proto::Imap, plain)->login, Login::SaslPlain);
    const Bytes tls = bytes("a STARTTLS\r\n");
    m = client(Proto::Imap, tls);
    EXPECT_TRUE(m->starttls);
    EXPECT_EQ(m->login, Login::None);
    const Bytes gssapi = bytes("a AUTHENTICATE GSSAPI\r\n");
    m = client(Proto::Imap, gssapi);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->login, Login::None);
}

// ---- Telnet ----

TEST(CleartextParse, TelnetServerBannerAndLoginPrompt) {
    const auto m = parse(Proto::Telnet, Side::Server, view(kTelnetServer));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(str(m->greeting), "OpenBSD/i386 (oof)");
    EXPECT_TRUE(m->greeting_ok);
    EXPECT_TRUE(m->prompt);
    EXPECT_TRUE(m->login_prompt);
    EXPECT_EQ(m->telnet_commands, 3);
    EXPECT_EQ(m->lines, 1);
    test::expect_prefixes_truncated_or_ok(kTelnetServer,
                                          [](ByteView v) { return parse(Proto::Telnet, Side::Server, v); });
    // Before the prompt arrives, the server may still say more.
    const auto before = parse(Proto::Telnet, Side::Server, view(kTelnetServer).prefix(sizeof(kTelnetServer) - 7));
    ASSERT_TRUE(before);
    EXPECT_TRUE(need_more(*before));
}

TEST(CleartextParse, TelnetPromptWithoutLoginWord) {
    const Bytes in = bytes("\r\nRouter>");
    const auto m = server(Proto::Telnet, in);
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_TRUE(m->prompt);
    EXPECT_FALSE(m->login_prompt);
    EXPECT_EQ(str(m->greeting), "Router>");
    const Bytes password = bytes("Password: ");
    EXPECT_TRUE(server(Proto::Telnet, password)->login_prompt);
}

TEST(CleartextParse, TelnetServerManyLinesWithoutPrompt) {
    std::string s;
    for (std::size_t i = 0; i < kMaxTelnetLines; ++i) s += "line " + std::to_string(i) + "\r\n";
    const Bytes in = bytes(s);
    const auto m = server(Proto::Telnet, in);
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_FALSE(m->prompt);
    EXPECT_EQ(str(m->greeting), "line 0");
}

TEST(CleartextParse, TelnetClientTypedLine) {
    const auto m = parse(Proto::Telnet, Side::Client, view(kTelnetClient));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->login, Login::TelnetLine);
    EXPECT_TRUE(m->greeting.empty());  // what was typed is never kept
    EXPECT_EQ(m->telnet_commands, 2);
    for (std::size_t n = 0; n + 2 < sizeof(kTelnetClient); ++n) {  // up to the CR
        const auto p = parse(Proto::Telnet, Side::Client, view(kTelnetClient).prefix(n));
        ASSERT_TRUE(p);
        EXPECT_TRUE(need_more(*p)) << n;
    }
}

TEST(CleartextParse, TelnetIacEscapesAndPartialSequences) {
    // IAC IAC is the data byte 255; a subnegotiation without IAC SE waits.
    constexpr std::uint8_t kSub[] = {0xff, 0xfa, 0x18, 0x00, 'v', 't', 0xff, 0xff};
    auto m = parse(Proto::Telnet, Side::Client, view(kSub));
    ASSERT_TRUE(m);
    EXPECT_TRUE(need_more(*m));
    EXPECT_EQ(m->telnet_commands, 0);
    constexpr std::uint8_t kLone[] = {'a', 0xff};  // IAC at the very end
    m = parse(Proto::Telnet, Side::Client, view(kLone));
    ASSERT_TRUE(m);
    EXPECT_TRUE(need_more(*m));
    constexpr std::uint8_t kData255[] = {0xff, 0xff, '\r', '\n'};  // a typed 0xff
    m = parse(Proto::Telnet, Side::Client, view(kData255));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->login, Login::TelnetLine);
    constexpr std::uint8_t kEmptyLine[] = {0xff, 0xfb, 0x03, '\r', '\n'};  // only Enter: not a reply yet
    m = parse(Proto::Telnet, Side::Client, view(kEmptyLine));
    ASSERT_TRUE(m);
    EXPECT_TRUE(need_more(*m));
}

}  // namespace
}  // namespace dissect::cleartext
