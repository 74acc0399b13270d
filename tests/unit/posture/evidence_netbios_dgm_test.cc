// NetBIOS datagram / browser mapper (posture/evidence/netbios_dgm).
#include "posture/evidence/netbios_dgm.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/netbios_dgm_messages.h"

namespace posture::evidence {
namespace {

using dissect::ByteView;
using Bytes = std::vector<std::uint8_t>;

// Offsets inside the announcements (header 14, two 34-byte names, SMB at 82,
// browser frame at SMB + 86).
constexpr std::size_t kFrameAt = 82 + 86;
constexpr std::size_t kOsAt = kFrameAt + 22;
constexpr std::size_t kTypeAt = kFrameAt + 24;

template <std::size_t N>
Bytes copy(const std::uint8_t (&a)[N]) {
    return Bytes(a, a + N);
}
ByteView view(const Bytes& b) { return ByteView{b.data(), b.size()}; }

void put_le32(Bytes& v, std::size_t at, std::uint32_t x) {
    for (std::size_t i = 0; i < 4; ++i) v[at + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

struct Mapper {
    dissect::packet::Decoded dec;
    Databases db;
    PacketContext ctx{&dec, true, 0, &db};
    Sink out;
};

std::vector<std::string> hints(const Fingerprint& f) {
    std::vector<std::string> v;
    for (const auto& h : f.hints)
        v.push_back(h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src);
    return v;
}
std::vector<std::string> names(const Fingerprint& f) {
    std::vector<std::string> v;
    for (const auto& n : f.names) {
        EXPECT_EQ(n.src, NameSource::Nbns);
        v.push_back(n.name);
    }
    return v;
}

TEST(EvidenceBrowser, Windows98HostAnnouncement) {
    Mapper m;
    const Bytes v = copy(dissect::test::kBrowserHostAnnouncement);
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    const Fingerprint& f = m.out[0];
    EXPECT_EQ(f.key, "browser");
    EXPECT_EQ(to_json(f.entry), R"({"name":"MDJR98","os":"4.0","server_type":"0x00402003"})");
    EXPECT_EQ(names(f), std::vector<std::string>{"MDJR98"});
    EXPECT_EQ(hints(f), (std::vector<std::string>{"os.name=Windows/40/browser.os", "os.version=9x/30/browser.os",
                                                  "type=workstation/30/browser.type"}));
}

TEST(EvidenceBrowser, WindowsXpLocalMaster) {
    Mapper m;
    const Bytes v = copy(dissect::test::kBrowserLocalMaster);
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(to_json(m.out[0].entry), R"({"name":"TEST-F7DFBC3FE9","os":"5.1","server_type":"0x00051003"})");
    EXPECT_EQ(names(m.out[0]), std::vector<std::string>{"TEST-F7DFBC3FE9"});
    EXPECT_EQ(hints(m.out[0]), (std::vector<std::string>{"os.name=Windows/40/browser.os", "os.version=XP/40/browser.os",
                                                         "type=workstation/30/browser.type"}));
}

TEST(EvidenceBrowser, ServerBitSelectsTheServerRelease) {
    Bytes v = copy(dissect::test::kBrowserLocalMaster);
    v[kOsAt] = 6;
    v[kOsAt + 1] = 1;
    put_le32(v, kTypeAt, 0x00009003);  // workstation, server, NT, NT server
    Mapper m;
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(hints(m.out[0]), (std::vector<std::string>{"os.name=Windows/40/browser.os",
                                                         "os.version=Server 2008 R2/40/browser.os",
                                                         "type=server/40/browser.type"}));
}

TEST(EvidenceBrowser, Windows10GivesNoVersion) {
    Bytes v = copy(dissect::test::kBrowserLocalMaster);
    v[kOsAt] = 10;
    v[kOsAt + 1] = 0;
    Mapper m;
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(*m.out[0].entry.as_map()->at("os").as_string(), "10.0");
    EXPECT_EQ(hints(m.out[0]),
              (std::vector<std::string>{"os.name=Windows/40/browser.os", "type=workstation/30/browser.type"}));
}

TEST(EvidenceBrowser, SambaGivesNoOsHints) {
    Bytes v = copy(dissect::test::kBrowserHostAnnouncement);
    v[kOsAt] = 4;
    v[kOsAt + 1] = 9;
    put_le32(v, kTypeAt, 0x00849a03);  // as Samba on Ubuntu announces: Unix bit set
    Mapper m;
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(to_json(m.out[0].entry), R"({"name":"MDJR98","os":"4.9","server_type":"0x00849a03"})");
    EXPECT_TRUE(m.out[0].hints.empty());
}

TEST(EvidenceBrowser, CommentIsKept) {
    // The announcement with a comment in place of the empty one: the data,
    // the transaction counts and the datagram length grow with it.
    const std::string comment = "Printer room";
    Bytes v = copy(dissect::test::kBrowserHostAnnouncement);
    v.insert(v.end() - 1, comment.begin(), comment.end());
    const auto grow = [&](std::size_t at, bool big_endian) {
        const std::size_t lo = big_endian ? at + 1 : at, hi = big_endian ? at : at + 1;
        const std::size_t x = ((std::size_t{v[hi]} << 8) | v[lo]) + comment.size();
        v[hi] = static_cast<std::uint8_t>(x >> 8);
        v[lo] = static_cast<std::uint8_t>(x);
    };
    grow(10, true);            // DGM_LENGTH
    grow(82 + 33 + 2, false);  // TotalDataCount
    grow(82 + 33 + 22, false); // DataCount
    grow(82 + 33 + 34, false); // ByteCount
    Mapper m;
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(to_json(m.out[0].entry),
              R"({"comment":"Printer room","name":"MDJR98","os":"4.0","server_type":"0x00402003"})");
}

TEST(EvidenceBrowser, DomainAnnouncementGivesTheWorkgroup) {
    Mapper m;
    const Bytes v = copy(dissect::test::kBrowserDomainAnnouncement);
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(m.out[0].key, "nbns_group");
    EXPECT_EQ(to_json(m.out[0].entry), R"("WORKGROUP")");
    EXPECT_EQ(names(m.out[0]), std::vector<std::string>{"MDJR98"});  // from the datagram's source name
    EXPECT_TRUE(m.out[0].hints.empty());
}

TEST(EvidenceBrowser, ElectionNamesTheSender) {
    Mapper m;
    const Bytes v = copy(dissect::test::kBrowserElection);
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_TRUE(m.out[0].key.empty());
    EXPECT_EQ(names(m.out[0]), std::vector<std::string>{"MDJR98"});
}

TEST(EvidenceBrowser, QueryRequestSaysNothing) {
    Mapper m;
    const Bytes v = copy(dissect::test::kDgmQueryRequest);
    ASSERT_TRUE(browser_datagram(view(v), m.ctx, m.out));
    EXPECT_TRUE(m.out.empty());
}

TEST(EvidenceBrowser, ParseErrorIsReturned) {
    Mapper m;
    const Bytes v = copy(dissect::test::kBrowserHostAnnouncement);
    const auto r = browser_datagram(view(v).prefix(100), m.ctx, m.out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(m.out.empty());
}

}  // namespace
}  // namespace posture::evidence
