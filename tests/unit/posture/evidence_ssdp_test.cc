// SSDP mapper (posture/evidence/ssdp).
#include "posture/evidence/ssdp.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/ssdp_messages.h"

namespace posture::evidence {
namespace {

using dissect::ByteView;
using dissect::test::bytes;

// A view of `s`, which must outlive every view the parse returns.
ByteView text(std::string_view s) { return ByteView{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

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

TEST(EvidenceSsdp, NotifyAlive) {
    Mapper m;
    ASSERT_TRUE(ssdp_datagram(bytes(dissect::test::kSsdpNotifyCamera), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    const Fingerprint& f = m.out[0];
    EXPECT_EQ(f.key, "ssdp");
    EXPECT_FALSE(f.singleton);
    EXPECT_EQ(to_json(f.entry),
              R"({"location":"http://10.10.10.37:50510/","method":"NOTIFY","nt":"upnp:rootdevice",)"
              R"("server":"Linux,    UPnP/1.0 DCS-935L/1.0","usn":"uuid:b0c554255b0e-0::upnp:rootdevice"})");
    ASSERT_EQ(f.observations.size(), 1u);
    EXPECT_EQ(f.observations[0].what, "ssdp.notify");
    EXPECT_EQ(f.observations[0].detail, "http://10.10.10.37:50510/");
    EXPECT_EQ(hints(f), std::vector<std::string>{"os.name=Linux/20/ssdp.server"});
    EXPECT_TRUE(f.names.empty());
}

TEST(EvidenceSsdp, MSearch) {
    Mapper m;
    ASSERT_TRUE(ssdp_datagram(bytes(dissect::test::kSsdpMSearchCamera), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    const Fingerprint& f = m.out[0];
    EXPECT_EQ(to_json(f.entry), R"({"method":"M-SEARCH","st":"urn:schemas-upnp-org:device:InternetGatewayDevice:1"})");
    ASSERT_EQ(f.observations.size(), 1u);
    EXPECT_EQ(f.observations[0].what, "ssdp.msearch");
    EXPECT_EQ(f.observations[0].detail, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
    EXPECT_TRUE(f.hints.empty());  // looking for a router says nothing about the searcher
}

TEST(EvidenceSsdp, MSearchUserAgent) {
    Mapper m;
    ASSERT_TRUE(ssdp_datagram(bytes(dissect::test::kSsdpMSearchChrome), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(to_json(m.out[0].entry), R"({"method":"M-SEARCH","st":"urn:dial-multiscreen-org:service:dial:1",)"
                                       R"("user_agent":"Google Chrome/120.0.6099.71 Windows"})");
    EXPECT_EQ(hints(m.out[0]), std::vector<std::string>{"os.name=Windows/40/ssdp.ua"});
}

TEST(EvidenceSsdp, SearchResponseUsesStAsNt) {
    Mapper m;
    ASSERT_TRUE(ssdp_datagram(bytes(dissect::test::kSsdpResponseHue), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(to_json(m.out[0].entry),
              R"({"location":"http://10.10.10.6:80/description.xml","nt":"upnp:rootdevice",)"
              R"("server":"Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0","status":"200",)"
              R"("usn":"uuid:2f402f80-da50-11e1-9b23-0017882476ff::upnp:rootdevice"})");
    EXPECT_TRUE(m.out[0].observations.empty());
    EXPECT_EQ(hints(m.out[0]), std::vector<std::string>{"os.name=Linux/20/ssdp.server"});
}

TEST(EvidenceSsdp, WindowsMediaRenderer) {
    Mapper m;
    ASSERT_TRUE(ssdp_datagram(bytes(dissect::test::kSsdpNotifyWindowsRenderer), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(hints(m.out[0]), (std::vector<std::string>{"os.name=Windows/40/ssdp.server", "type=media/40/ssdp.nt"}));
    EXPECT_EQ(*m.out[0].entry.as_map()->at("nt").as_string(), "urn:schemas-upnp-org:device:MediaRenderer:1");
}

TEST(EvidenceSsdp, DlnaRendererWeighsMore) {
    Mapper m;
    const std::string s = "NOTIFY * HTTP/1.1\r\nNT: urn:schemas-upnp-org:device:MediaRenderer:1\r\nNTS: ssdp:alive\r\n"
                          "SERVER: Linux/4.4 UPnP/1.0 DLNADOC/1.50 Platinum/1.0.5.13\r\n\r\n";
    ASSERT_TRUE(ssdp_datagram(text(s), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(hints(m.out[0]), (std::vector<std::string>{"os.name=Linux/20/ssdp.server", "type=media/50/ssdp.nt"}));
}

TEST(EvidenceSsdp, RouterAnnouncesGateway) {
    std::string s(dissect::test::kSsdpByebyeRouter);
    s.replace(s.find("ssdp:byebye"), 11, "ssdp:alive");
    Mapper m;
    ASSERT_TRUE(ssdp_datagram(text(s), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(hints(m.out[0]), std::vector<std::string>{"type=network/50/ssdp.nt"});
}

TEST(EvidenceSsdp, ByebyeYieldsNothing) {
    Mapper m;
    ASSERT_TRUE(ssdp_datagram(bytes(dissect::test::kSsdpByebyeRouter), m.ctx, m.out));
    EXPECT_TRUE(m.out.empty());
}

TEST(EvidenceSsdp, UuidAndServiceNotifiesHaveNoEntry) {
    for (const char* nt : {"uuid:b0c554255b0e-0", "urn:schemas-upnp-org:service:ChangeIP:1"}) {
        Mapper m;
        const std::string s = std::string("NOTIFY * HTTP/1.1\r\nNT: ") + nt + "\r\nNTS: ssdp:alive\r\n" +
                              "USN: uuid:b0c554255b0e-0\r\nLOCATION: http://10.10.10.37:50510/\r\n\r\n";
        ASSERT_TRUE(ssdp_datagram(text(s), m.ctx, m.out));
        ASSERT_EQ(m.out.size(), 1u) << nt;
        EXPECT_TRUE(m.out[0].key.empty()) << nt;
        ASSERT_EQ(m.out[0].observations.size(), 1u);
        EXPECT_EQ(m.out[0].observations[0].what, "ssdp.notify");
    }
}

TEST(EvidenceSsdp, OsTokensNeedAWholeWord) {
    Mapper m;
    const std::string s =
        "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nSERVER: LinuxBox/1.0 UPnP/1.0 NotWindowsX/2\r\n\r\n";
    ASSERT_TRUE(ssdp_datagram(text(s), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_TRUE(m.out[0].hints.empty());
}

TEST(EvidenceSsdp, ParseErrorIsReturned) {
    Mapper m;
    const auto r = ssdp_datagram(text("NOTIFY * HTTP/1.1"), m.ctx, m.out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(m.out.empty());
}

}  // namespace
}  // namespace posture::evidence
