// NetBIOS datagrams and browser frames (dissectors/netbios_dgm).
#include "dissectors/netbios_dgm/netbios_dgm.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/netbios_dgm_messages.h"

namespace dissect::netbios_dgm {
namespace {

using test::Bytes;
using test::view;

// Offsets inside kBrowserHostAnnouncement (header 14, two 34-byte names).
constexpr std::size_t kSmbAt = 82;
constexpr std::size_t kFlags2At = kSmbAt + 10;
constexpr std::size_t kDataOffsetAt = kSmbAt + 33 + 24;
constexpr std::size_t kByteCountAt = kSmbAt + 33 + 34;
constexpr std::size_t kBytesAt = kByteCountAt + 2;
constexpr std::size_t kMailslotLen = 17;  // "\MAILSLOT\BROWSE" and its NUL

std::string raw(const nbns::NetbiosName& n) { return std::string(n.name.begin(), n.name.end()); }

void put_be16(Bytes& v, std::size_t at, std::size_t x) {
    v[at] = static_cast<std::uint8_t>(x >> 8);
    v[at + 1] = static_cast<std::uint8_t>(x);
}
void put_le16(Bytes& v, std::size_t at, std::size_t x) {
    v[at] = static_cast<std::uint8_t>(x);
    v[at + 1] = static_cast<std::uint8_t>(x >> 8);
}

// The host announcement with another transaction name (`name`, terminator
// included) and Unicode strings or not; DataOffset, ByteCount and DGM_LENGTH follow.
Bytes with_mailslot(const Bytes& name, bool unicode) {
    const ByteView orig = view(test::kBrowserHostAnnouncement);
    const ByteView data = orig.tail(kBytesAt + kMailslotLen);
    Bytes v(orig.data(), orig.data() + kBytesAt);
    if (unicode) {
        v[kFlags2At + 1] = 0x80;
        if ((kBytesAt - kSmbAt) % 2) v.push_back(0x00);  // pad to an even offset from the SMB header
    }
    v.insert(v.end(), name.begin(), name.end());
    put_le16(v, kDataOffsetAt, v.size() - kSmbAt);
    v.insert(v.end(), data.data(), data.data() + data.size());
    put_le16(v, kByteCountAt, v.size() - kBytesAt);
    put_be16(v, 10, v.size() - 14);
    return v;
}

Bytes ascii_z(const std::string& s) {
    Bytes b(s.begin(), s.end());
    b.push_back(0);
    return b;
}
Bytes utf16_z(const std::string& s) {
    Bytes b;
    for (const char c : s) b.insert(b.end(), {static_cast<std::uint8_t>(c), 0x00});
    b.insert(b.end(), {0x00, 0x00});
    return b;
}

TEST(NetbiosDgmParse, HostAnnouncement) {
    const auto m = parse(view(test::kBrowserHostAnnouncement));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->msg_type, kDirectGroup);
    EXPECT_TRUE(m->first_fragment());
    EXPECT_FALSE(m->more_fragments());
    EXPECT_EQ(m->dgm_id, 0x000c);
    EXPECT_EQ(to_string(m->source_ip), "192.168.239.129");
    EXPECT_EQ(m->source_port, 138);
    EXPECT_EQ(m->dgm_length, 187);
    ASSERT_TRUE(m->source_name);
    EXPECT_EQ(raw(*m->source_name), "MDJR98         ");
    EXPECT_EQ(m->source_name->suffix, 0x00);
    ASSERT_TRUE(m->destination_name);
    EXPECT_EQ(raw(*m->destination_name), "WORKGROUP      ");
    EXPECT_EQ(m->destination_name->suffix, 0x1d);
    EXPECT_EQ(m->user_data.size(), 187u - 68u);
    EXPECT_TRUE(m->smb_transaction);
    EXPECT_FALSE(m->smb_unicode);
    EXPECT_EQ(m->mailslot.as_chars(), "\\MAILSLOT\\BROWSE");
    EXPECT_EQ(m->trans_data.size(), 33u);
    ASSERT_TRUE(m->browser);
    const Browser& b = *m->browser;
    EXPECT_EQ(b.opcode, kHostAnnouncement);
    EXPECT_TRUE(b.announcement);
    EXPECT_EQ(b.update_count, 3);
    EXPECT_EQ(b.periodicity_ms, 60000u);
    EXPECT_EQ(b.server_name.as_chars(), "MDJR98");
    EXPECT_EQ(b.os_major, 4);
    EXPECT_EQ(b.os_minor, 0);
    EXPECT_EQ(b.server_type, 0x00402003u);
    EXPECT_EQ(b.browser_major, 21);
    EXPECT_EQ(b.browser_minor, 4);
    EXPECT_EQ(b.signature, 0xaa55);
    EXPECT_TRUE(b.comment.empty());
}

TEST(NetbiosDgmParse, LocalMasterAnnouncement) {
    const auto m = parse(view(test::kBrowserLocalMaster));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->source_name->suffix, 0x20);
    ASSERT_TRUE(m->browser);
    EXPECT_EQ(m->browser->opcode, kLocalMasterAnnouncement);
    EXPECT_EQ(m->browser->server_name.as_chars(), "TEST-F7DFBC3FE9");
    EXPECT_EQ(m->browser->os_major, 5);
    EXPECT_EQ(m->browser->os_minor, 1);
    EXPECT_EQ(m->browser->server_type, 0x00051003u);
    EXPECT_EQ(m->browser->server_type & kSvNt, kSvNt);
    EXPECT_EQ(m->browser->server_type & kSvMasterBrowser, kSvMasterBrowser);
}

TEST(NetbiosDgmParse, DomainAnnouncement) {
    const auto m = parse(view(test::kBrowserDomainAnnouncement));
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->browser);
    EXPECT_EQ(m->browser->opcode, kDomainAnnouncement);
    EXPECT_TRUE(m->browser->announcement);
    EXPECT_EQ(m->browser->server_name.as_chars(), "WORKGROUP");
    EXPECT_EQ(m->browser->server_type, 0x80402000u);
    EXPECT_EQ(m->browser->comment.as_chars(), "MDJR98");  // the master browser's name
}

TEST(NetbiosDgmParse, ElectionAndAnnouncementRequest) {
    const auto e = parse(view(test::kBrowserElection));
    ASSERT_TRUE(e);
    ASSERT_TRUE(e->browser);
    EXPECT_EQ(e->browser->opcode, kRequestElection);
    EXPECT_FALSE(e->browser->announcement);
    EXPECT_EQ(e->browser->election_version, 1);
    EXPECT_EQ(e->browser->election_criteria, 0x01041500u);
    EXPECT_EQ(e->browser->election_uptime_ms, 0x00019d8fu);
    EXPECT_EQ(e->browser->name.as_chars(), "MDJR98");

    const auto a = parse(view(test::kBrowserAnnouncementRequest));
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->browser);
    EXPECT_EQ(a->browser->opcode, kAnnouncementRequest);
    EXPECT_EQ(a->browser->name.as_chars(), "MDJR98");
}

TEST(NetbiosDgmParse, QueryRequestAndError) {
    const auto q = parse(view(test::kDgmQueryRequest));
    ASSERT_TRUE(q);
    EXPECT_EQ(q->msg_type, kQueryRequest);
    EXPECT_FALSE(q->source_name);
    ASSERT_TRUE(q->destination_name);
    EXPECT_EQ(raw(*q->destination_name), "FILESRV        ");
    EXPECT_EQ(q->destination_name->suffix, 0x20);

    const auto e = parse(view(test::kDgmError));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->msg_type, kError);
    EXPECT_EQ(e->error_code, 0x82);
}

TEST(NetbiosDgmParse, UnknownTypeIsHeaderOnly) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    v[0] = 0x42;
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->source_name);
    EXPECT_FALSE(m->smb_transaction);
    EXPECT_FALSE(m->browser);
}

TEST(NetbiosDgmParse, DatagramLengthPastEndIsTruncated) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    put_be16(v, 10, 188);
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(NetbiosDgmParse, DatagramLengthShorterThanNamesIsBadLength) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    put_be16(v, 10, 40);  // the destination name does not fit
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(r.error().what, kErrBadLength);
    EXPECT_EQ(r.error().offset, 48u);
}

TEST(NetbiosDgmParse, DatagramLengthBoundsTheUserData) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    put_be16(v, 10, 186);  // one byte short of the browser frame's end
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->user_data.size(), 186u - 68u);
    EXPECT_TRUE(m->smb_transaction);
    EXPECT_TRUE(m->trans_data.empty());  // DataOffset + DataCount runs past the user data
    EXPECT_FALSE(m->browser);
}

TEST(NetbiosDgmParse, LaterFragmentHasNoSmbHeader) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    v[1] = 0x00;  // not the first fragment
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->smb_transaction);
    EXPECT_FALSE(m->browser);
}

TEST(NetbiosDgmParse, DataOffsetPastEndLeavesNoBrowser) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    put_le16(v, kDataOffsetAt, 0xfff0);
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->smb_transaction);
    EXPECT_TRUE(m->trans_data.empty());
    EXPECT_FALSE(m->browser);
}

TEST(NetbiosDgmParse, ShortTransactionWordsLeaveNoTransaction) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    v[kSmbAt + 32] = 13;  // WordCount below the 14 words of a transaction
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->smb_transaction);
    EXPECT_FALSE(m->browser);
}

TEST(NetbiosDgmParse, OtherMailslotIsNotBrowser) {
    const Bytes v = with_mailslot(ascii_z("\\MAILSLOT\\NET\\NETLOGON"), false);
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->mailslot.as_chars(), "\\MAILSLOT\\NET\\NETLOGON");
    EXPECT_EQ(m->trans_data.size(), 33u);
    EXPECT_FALSE(m->browser);
}

TEST(NetbiosDgmParse, LanmanMailslotCarriesAnnouncementsToo) {
    const Bytes v = with_mailslot(ascii_z("\\mailslot\\lanman"), false);
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->browser);
    EXPECT_EQ(m->browser->server_name.as_chars(), "MDJR98");
}

TEST(NetbiosDgmParse, UnicodeMailslotName) {
    const Bytes v = with_mailslot(utf16_z("\\MAILSLOT\\BROWSE"), true);
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->smb_unicode);
    EXPECT_EQ(m->mailslot.size(), 32u);
    ASSERT_TRUE(m->browser);
    EXPECT_EQ(m->browser->server_name.as_chars(), "MDJR98");
}

TEST(NetbiosDgmParse, ShortAnnouncementKeepsOnlyTheOpcode) {
    auto v = test::cat(test::kBrowserHostAnnouncement);
    put_le16(v, kDataOffsetAt - 2, 20);  // DataCount 20: the fixed part needs 32
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->browser);
    EXPECT_EQ(m->browser->opcode, kHostAnnouncement);
    EXPECT_FALSE(m->browser->announcement);
    EXPECT_TRUE(m->browser->server_name.empty());
}

TEST(NetbiosDgmParse, BadNamesAreBadName) {
    auto encoding = test::cat(test::kBrowserHostAnnouncement);
    encoding[15] = 'z';  // source name letter outside 'A'..'P'
    auto pointer = test::cat(test::kBrowserHostAnnouncement);
    pointer[14] = 0xc0;  // a compression pointer where the 32-byte label belongs
    for (const Bytes& v : {encoding, pointer}) {
        const auto r = parse(view(v));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
        EXPECT_STREQ(r.error().what, kErrBadName);
        EXPECT_EQ(r.error().offset, 14u);
    }
}

TEST(NetbiosDgmParse, ScopedSourceName) {
    const ByteView orig = view(test::kBrowserHostAnnouncement);
    Bytes v(orig.data(), orig.data() + 47);  // up to the source name's root byte
    v.insert(v.end(), {0x04, 'c', 'o', 'r', 'p'});
    v.insert(v.end(), orig.data() + 47, orig.data() + orig.size());
    put_be16(v, 10, v.size() - 14);
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->source_name->scoped);
    EXPECT_FALSE(m->destination_name->scoped);
    ASSERT_TRUE(m->browser);  // SMB offsets count from the SMB header, so they still hold
    EXPECT_EQ(m->browser->server_name.as_chars(), "MDJR98");
}

TEST(NetbiosDgmParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(test::kBrowserHostAnnouncement, parse);
    test::expect_prefixes_truncated_or_ok(test::kBrowserLocalMaster, parse);
    test::expect_prefixes_truncated_or_ok(test::kBrowserDomainAnnouncement, parse);
    test::expect_prefixes_truncated_or_ok(test::kBrowserElection, parse);
    test::expect_prefixes_truncated_or_ok(test::kBrowserAnnouncementRequest, parse);
    test::expect_prefixes_truncated_or_ok(test::kDgmQueryRequest, parse);
    test::expect_prefixes_truncated_or_ok(test::kDgmError, parse);
}

}  // namespace
}  // namespace dissect::netbios_dgm
