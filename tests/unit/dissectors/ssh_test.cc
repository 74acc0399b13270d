// SSH version exchange and KEXINIT (dissectors/ssh).
#include "dissectors/ssh/ssh.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/ssh_messages.h"

namespace dissect::ssh {
namespace {

using test::Bytes;
using test::view;
using namespace test::ssh_messages;

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::string str(ByteView v) { return std::string(v.as_chars()); }

Bytes client_stream() { return test::cat(bytes(kDebianBanner), kKexinit); }

TEST(SshParse, IdentificationAndKexinit) {
    const Bytes in = client_stream();
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(str(m->banner), "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1");
    EXPECT_EQ(str(m->proto_version), "2.0");
    EXPECT_EQ(str(m->software), "OpenSSH_9.2p1");
    EXPECT_EQ(str(m->comments), "Debian-2+deb12u1");
    EXPECT_FALSE(m->ssh1);
    ASSERT_TRUE(m->has_kexinit);
    EXPECT_EQ(m->kexinit.cookie.size(), kCookieBytes);
    EXPECT_EQ(m->kexinit.cookie[15], 0x0f);
    EXPECT_EQ(str(m->kexinit.lists[kKex]), "curve25519-sha256");
    EXPECT_EQ(str(m->kexinit.lists[kHostKey]), "ssh-ed25519");
    EXPECT_EQ(str(m->kexinit.lists[kCiphersC2s]), "aes128-ctr");
    EXPECT_EQ(str(m->kexinit.lists[kMacsS2c]), "hmac-sha2-256");
    EXPECT_EQ(str(m->kexinit.lists[kCompressionC2s]), "none");
    EXPECT_TRUE(m->kexinit.lists[kLanguagesS2c].empty());
    EXPECT_TRUE(m->kexinit.first_kex_packet_follows);
    EXPECT_FALSE(m->first_msg);
    for (const auto& l : m->kexinit.lists) EXPECT_TRUE(test::within(view(in), l));
}

TEST(SshParse, PaddingIsNotWaitedFor) {
    const Bytes in = client_stream();
    const Bytes no_padding(in.begin(), in.end() - 11);
    const auto m = parse(view(no_padding));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_TRUE(m->has_kexinit);
}

TEST(SshParse, EveryPrefixIsNeedMoreWithExactWants) {
    const Bytes in = client_stream();
    test::expect_prefixes_truncated_or_ok(in, [](ByteView v) { return parse(v); });
    const std::size_t end = kDebianBanner.size() + kKexinitPayloadEnd;
    for (std::size_t n = 0; n < end; ++n) {
        const Bytes prefix(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
        const auto m = parse(view(prefix));
        ASSERT_TRUE(m) << n;
        ASSERT_TRUE(need_more(*m)) << n;
        EXPECT_GT(m->need_bytes, n);
        EXPECT_LE(m->need_bytes, end) << n;  // never asks for more than the KEXINIT needs
    }
}

TEST(SshParse, BannerAloneWaitsForPacketHeader) {
    const Bytes in = bytes(kDebianBanner);
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_TRUE(need_more(*m));
    EXPECT_EQ(m->need_bytes, in.size() + 6);  // packet_length, padding_length, message number
    EXPECT_EQ(str(m->software), "OpenSSH_9.2p1");
    const auto id = parse_identification(view(in));
    ASSERT_TRUE(id);
    EXPECT_FALSE(need_more(*id));
}

TEST(SshParse, Ssh1BannerIsCompleteAlone) {
    const Bytes in = bytes("SSH-1.5-OpenSSH_6.2\n");  // a bare LF is accepted (RFC 4253 §4.2)
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_TRUE(m->ssh1);
    EXPECT_FALSE(m->has_kexinit);
    EXPECT_EQ(str(m->banner), "SSH-1.5-OpenSSH_6.2");
    EXPECT_TRUE(m->comments.empty());
}

TEST(SshParse, Ssh199FollowedBySsh1PacketHasNoKexinit) {
    // After "1.99" an SSH-1 client gets an SSH-1 packet: a length, then 1-8
    // random padding bytes. Read as SSH-2, the first padding byte (0xd7 here)
    // is a padding_length larger than the packet.
    const Bytes in = test::cat(bytes("SSH-1.99-OpenSSH_6.6.1p1 Ubuntu-2ubuntu2\r\n"),
                               Bytes{0x00, 0x00, 0x00, 0x84,   // SSH-1 length 132
                                     0xd7, 0x9a, 0x02, 0x11}); // padding bytes
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_FALSE(m->ssh1);
    EXPECT_FALSE(m->has_kexinit);
    EXPECT_FALSE(m->first_msg);
}

TEST(SshParse, FirstPacketOtherThanKexinit) {
    const Bytes in = test::cat(bytes("SSH-2.0-x\r\n"), Bytes{
                                                          0x00, 0x00, 0x00, 0x0c,  // packet_length 12
                                                          0x0a,                    // padding_length 10
                                                          0x02,                    // SSH_MSG_IGNORE
                                                      });
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_FALSE(m->has_kexinit);
    ASSERT_TRUE(m->first_msg);
    EXPECT_EQ(*m->first_msg, 2);
}

TEST(SshParse, PreambleLinesBeforeIdentification) {
    const Bytes in = test::cat(bytes("Welcome to the box\r\nauthorized use only\r\nSSH-2.0-srv\r\n"), kKexinit);
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->preamble_lines, 2);
    EXPECT_EQ(str(m->banner), "SSH-2.0-srv");
    EXPECT_TRUE(m->has_kexinit);
}

TEST(SshParse, TooManyPreambleLinesIsLimitExceeded) {
    std::string s;
    for (std::size_t i = 0; i <= kMaxPreambleLines; ++i) s += "line\r\n";
    const Bytes in = bytes(s + "SSH-2.0-x\r\n");
    const auto m = parse(view(in));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::LimitExceeded);
}

TEST(SshParse, LineWithoutLfWithin255BytesIsLimitExceeded) {
    const Bytes in = bytes("SSH-2.0-" + std::string(kMaxLineBytes, 'x'));
    const auto m = parse(view(in));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::LimitExceeded);
    // 253 bytes + CR LF = 255: the longest allowed line.
    const Bytes longest = bytes("SSH-2.0-" + std::string(kMaxLineBytes - 10, 'x') + "\r\n");
    const auto ok = parse_identification(view(longest));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->banner.size(), kMaxLineBytes - 2);
}

TEST(SshParse, MalformedIdentificationLines) {
    for (const std::string_view bad : {
             "SSH-2.0\r\n",           // no software version
             "SSH--OpenSSH\r\n",      // empty protocol version
             "SSH-2.0-\r\n",          // empty software version
             "SSH-2.0- comment\r\n",  // empty software version before the comment
             "SSH-2 0-x\r\n",         // space in the protocol version
         }) {
        const Bytes in = bytes(bad);
        const auto m = parse(view(in));
        ASSERT_FALSE(m) << bad;
        EXPECT_EQ(m.error().kind, ErrorKind::Malformed) << bad;
    }
    const Bytes ctl = bytes(std::string_view("SSH-2.0-a\x01\r\n", 12));
    EXPECT_FALSE(parse(view(ctl)));
}

TEST(SshParse, SoftwareVersionMayContainDashes) {
    const Bytes in = bytes("SSH-2.0-OpenSSH_6.6p1-hpn14v4\r\n");
    const auto m = parse_identification(view(in));
    ASSERT_TRUE(m);
    EXPECT_EQ(str(m->software), "OpenSSH_6.6p1-hpn14v4");
}

TEST(SshParse, NameListLengthPastPacketIsMalformed) {
    Bytes in = client_stream();
    const std::size_t kex_len_at = kDebianBanner.size() + 6 + 16 + 3;  // low byte of the kex list length
    in[kex_len_at] = 0xf0;  // 240 > the 123 payload bytes that follow
    const auto m = parse(view(in));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
    EXPECT_LE(m.error().offset, in.size());
}

TEST(SshParse, NameListPastInputWaitsForExactlyItsEnd) {
    const Bytes in = client_stream();
    const std::size_t kex_end = kDebianBanner.size() + 6 + 16 + 4 + 17;
    const Bytes prefix(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(kex_end - 1));
    const auto m = parse(view(prefix));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->need_bytes, kex_end);
}

TEST(SshParse, PacketLengthsThatCannotBeSsh2EndTheMessage) {
    for (const Bytes& header : {
             Bytes{0x00, 0x01, 0x00, 0x00, 0x04, 0x14},  // 65536 > kMaxPacketBytes
             Bytes{0x00, 0x00, 0x00, 0x05, 0x04, 0x14},  // padding leaves no payload
         }) {
        const Bytes in = test::cat(bytes("SSH-2.0-x\r\n"), header);
        const auto m = parse(view(in));
        ASSERT_TRUE(m);
        EXPECT_FALSE(need_more(*m));
        EXPECT_FALSE(m->has_kexinit);
    }
}

TEST(SshParse, KexinitShorterThanItsListsIsMalformed) {
    Bytes in = client_stream();
    in[kDebianBanner.size() + 3] = 0x40;  // packet_length 64: the lists run past it
    const auto m = parse(view(in));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
}

TEST(SshParse, NameIterSkipsEmptyNames) {
    const Bytes list = bytes("a,,bc,");
    NameIter it(view(list));
    std::vector<std::string> names;
    while (const auto n = it.next()) names.push_back(str(*n));
    EXPECT_EQ(names, (std::vector<std::string>{"a", "bc"}));
    NameIter empty(ByteView{});
    EXPECT_FALSE(empty.next());
}

}  // namespace
}  // namespace dissect::ssh
