// Cleartext login mappers (posture/evidence/cleartext): svc.* and banner from
// servers, cleartext.*.login from clients, never a secret.
#include "posture/evidence/cleartext.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dissectors/packet/packet.h"
#include "tests/unit/dissectors/cleartext_sessions.h"

namespace posture::evidence {
namespace {

using Bytes = std::vector<std::uint8_t>;
using namespace dissect::test::cleartext_sessions;
using Mapper = dissect::Result<StreamStatus> (*)(dissect::ByteView, const PacketContext&, Sink&);

struct Ctx {
    dissect::packet::Decoded dec;
    Databases db;
    PacketContext at(bool from_client) { return PacketContext{&dec, from_client, 0, &db}; }
};

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
dissect::ByteView view(const Bytes& b) { return {b.data(), b.size()}; }
std::string json(const Value& v) { return to_json(v); }

struct Run {
    dissect::Result<StreamStatus> status;
    Sink out;
};
Run run(Mapper m, std::string_view payload, bool from_client) {
    Ctx c;
    Run r{StreamStatus{}, {}};
    const Bytes in = bytes(payload);
    r.status = m(view(in), c.at(from_client), r.out);
    return r;
}

TEST(EvidenceCleartext, FtpServerGreetingGivesServiceAndBanner) {
    const auto r = run(ftp_stream, kFtpGreeting, false);
    ASSERT_TRUE(r.status);
    EXPECT_TRUE(r.status->done);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(r.out[0].key, "banner");
    EXPECT_FALSE(r.out[0].singleton);
    EXPECT_EQ(json(r.out[0].entry), R"x("ftp: 220 ftp.NetBSD.org FTP server (NetBSD-ftpd 20100320) ready.")x");
    ASSERT_EQ(r.out[0].observations.size(), 1u);
    EXPECT_EQ(r.out[0].observations[0].what, "svc.ftp");
    EXPECT_EQ(r.out[0].observations[0].detail, "reply 220");
    EXPECT_TRUE(r.out[0].hints.empty());
    EXPECT_TRUE(r.out[0].names.empty());
}

TEST(EvidenceCleartext, FtpClientLoginIsFlaggedWithoutArguments) {
    const auto r = run(ftp_stream, "USER alice\r\nPASS wonderland\r\n", true);
    ASSERT_TRUE(r.status);
    EXPECT_TRUE(r.status->done);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_TRUE(r.out[0].key.empty());
    ASSERT_EQ(r.out[0].observations.size(), 1u);
    EXPECT_EQ(r.out[0].observations[0].what, "cleartext.ftp.login");
    EXPECT_EQ(r.out[0].observations[0].detail, "USER");
    const auto anon = run(ftp_stream, kFtpAnonymous, true);
    EXPECT_EQ(anon.out[0].observations[0].detail, "USER anonymous");
}

TEST(EvidenceCleartext, FtpAuthTlsIsNotACleartextLogin) {
    const auto r = run(ftp_stream, "AUTH TLS\r\n", true);
    ASSERT_TRUE(r.status);
    EXPECT_TRUE(r.status->done);
    EXPECT_TRUE(r.out.empty());
}

TEST(EvidenceCleartext, WaitingSaysNothing) {
    const auto r = run(ftp_stream, "USER ali", true);
    ASSERT_TRUE(r.status);
    EXPECT_FALSE(r.status->done);
    EXPECT_EQ(r.status->need_bytes, 9u);
    EXPECT_TRUE(r.out.empty());
}

TEST(EvidenceCleartext, Pop3BothSides) {
    const auto srv = run(pop3_stream, kPop3Greeting, false);
    ASSERT_EQ(srv.out.size(), 1u);
    EXPECT_EQ(json(srv.out[0].entry), R"("pop3: +OK POP server ready H migmxus005")");
    EXPECT_EQ(srv.out[0].observations[0].what, "svc.pop3");
    EXPECT_EQ(srv.out[0].observations[0].detail, "ready");
    const auto cli = run(pop3_stream, kPop3AuthPlain, true);
    ASSERT_EQ(cli.out.size(), 1u);
    EXPECT_EQ(cli.out[0].observations[0].what, "cleartext.pop3.login");
    EXPECT_EQ(cli.out[0].observations[0].detail, "AUTH PLAIN");
    const auto apop = run(pop3_stream, "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n", true);
    EXPECT_EQ(apop.out[0].observations[0].detail, "APOP");
    const auto stls = run(pop3_stream, "STLS\r\n", true);
    EXPECT_TRUE(stls.out.empty());
}

TEST(EvidenceCleartext, ImapBothSides) {
    const auto srv = run(imap_stream, "* OK IMAP4Rev1 Server Version 4.9.04.012\r\n", false);
    ASSERT_EQ(srv.out.size(), 1u);
    EXPECT_EQ(json(srv.out[0].entry), R"("imap: * OK IMAP4Rev1 Server Version 4.9.04.012")");
    EXPECT_EQ(srv.out[0].observations[0].what, "svc.imap");
    const auto cli = run(imap_stream, "a1 LOGIN bob \"pa ss\"\r\n", true);
    ASSERT_EQ(cli.out.size(), 1u);
    EXPECT_EQ(cli.out[0].observations[0].what, "cleartext.imap.login");
    EXPECT_EQ(cli.out[0].observations[0].detail, "LOGIN");
    const auto sasl = run(imap_stream, "a1 AUTHENTICATE PLAIN\r\n", true);
    EXPECT_EQ(sasl.out[0].observations[0].detail, "AUTHENTICATE PLAIN");
    const auto refused = run(imap_stream, "* BYE too busy\r\n", false);
    EXPECT_EQ(refused.out[0].observations[0].detail, "refused");
}

TEST(EvidenceCleartext, TelnetServerAndClient) {
    const std::string server_bytes = std::string("\xff\xfd\x18\xff\xfb\x01", 6) +  // IAC DO TTYPE, IAC WILL ECHO
                                     "\r\n OpenBSD/i386 (oof) (ttyp2)\r\n\r\nlogin: ";
    const auto srv = run(telnet_stream, server_bytes, false);
    ASSERT_TRUE(srv.status);
    EXPECT_TRUE(srv.status->done);
    ASSERT_EQ(srv.out.size(), 1u);
    EXPECT_EQ(json(srv.out[0].entry), R"x("telnet: OpenBSD/i386 (oof) (ttyp2)")x");
    EXPECT_EQ(srv.out[0].observations[0].what, "svc.telnet");
    EXPECT_EQ(srv.out[0].observations[0].detail, "login prompt");
    const auto cli = run(telnet_stream, "fake\r\n", true);
    ASSERT_EQ(cli.out.size(), 1u);
    EXPECT_TRUE(cli.out[0].key.empty());
    EXPECT_EQ(cli.out[0].observations[0].what, "cleartext.telnet.login");
    EXPECT_EQ(cli.out[0].observations[0].detail, "typed line");
    EXPECT_EQ(cli.out[0].observations[0].detail.find("fake"), std::string::npos);
}

TEST(EvidenceCleartext, BannerIsCappedAt128) {
    const std::string line = "220 " + std::string(300, 'x') + "\r\n";
    const auto r = run(ftp_stream, line, false);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(r.out[0].entry.as_string()->size(), std::string_view("ftp: ").size() + kMaxBannerLine);
}

TEST(EvidenceCleartext, NotTheProtocolIsAnError) {
    const auto r = run(pop3_stream, "SSH-2.0-OpenSSH_9.6\r\n", false);
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Malformed);
    EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace posture::evidence
