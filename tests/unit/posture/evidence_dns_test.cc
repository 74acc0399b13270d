// DNS, mDNS and LLMNR mappers (posture/evidence/dns).
#include "posture/evidence/dns.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/dns_messages.h"

namespace posture::evidence {
namespace {

using dissect::ByteView;

template <std::size_t N>
ByteView view(const std::uint8_t (&a)[N]) {
    return ByteView{a, N};
}

struct Mapper {
    dissect::packet::Decoded dec;
    Databases db;
    PacketContext ctx{&dec, true, 0, &db};
    Sink out;
};

std::vector<std::string> entries(const Sink& out, const std::string& key) {
    std::vector<std::string> v;
    for (const auto& f : out)
        if (f.key == key) v.push_back(to_json(f.entry));
    return v;
}

TEST(EvidenceDns, QueryNamesTheSender) {
    Mapper m;
    ASSERT_TRUE(dns_datagram(view(dissect::test::kDnsQueryNtp), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(m.out[0].key, "dns");
    EXPECT_FALSE(m.out[0].singleton);
    EXPECT_EQ(to_json(m.out[0].entry), R"("ntp1.dlink.com")");
    EXPECT_TRUE(m.out[0].names.empty());
    EXPECT_TRUE(m.out[0].hints.empty());
}

TEST(EvidenceDns, ResponseSaysNothingAboutTheServer) {
    Mapper m;
    ASSERT_TRUE(dns_datagram(view(dissect::test::kDnsResponseCname), m.ctx, m.out));
    EXPECT_TRUE(m.out.empty());
}

TEST(EvidenceDns, QueryNamesAreLowercasedAndDeduplicated) {
    constexpr std::uint8_t kMixedCase[] = {
        0x00, 0x01,                                // id
        0x01, 0x00,                                // flags: query, RD
        0x00, 0x02,                                // qdcount 2
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,        // an/ns/ar 0
        0x03, 'W', 'w', 'W',                       // "WwW"
        0x07, 'E', 'x', 'A', 'm', 'P', 'l', 'E',   // "ExAmPlE"
        0x03, 'C', 'o', 'M', 0x00,                 // "CoM", root
        0x00, 0x01, 0x00, 0x01,                    // A, IN
        0x03, 'w', 'w', 'w', 0xc0, 0x10,           // "www" + pointer to "ExAmPlE.CoM"
        0x00, 0x1c, 0x00, 0x01,                    // AAAA, IN
    };
    Mapper m;
    ASSERT_TRUE(dns_datagram(view(kMixedCase), m.ctx, m.out));
    EXPECT_EQ(entries(m.out, "dns"), std::vector<std::string>{R"("www.example.com")"});
}

TEST(EvidenceDns, ParseErrorIsReturned) {
    Mapper m;
    const auto r = dns_datagram(view(dissect::test::kDnsQueryNtp).prefix(20), m.ctx, m.out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(m.out.empty());
}

TEST(EvidenceMdns, CameraAnnouncement) {
    Mapper m;
    ASSERT_TRUE(mdns_datagram(view(dissect::test::kMdnsAnnounceCamera), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    const Fingerprint& f = m.out[0];
    EXPECT_EQ(f.key, "mdns");
    EXPECT_EQ(to_json(f.entry),
              R"({"name":"DCS-935L-B0C554255B0E.local","services":["_dhnap._tcp"],)"
              R"("txt":{"dcs":"Medeleine","dtype":"100;101","hardware_ver":"A1","hnf":"false",)"
              R"("mac":"B0:C5:54:25:5B:0E","model_number":"DCS-935L","mydlink":"true","mydlinkr":"false",)"
              R"("version":"0106","wlan0_ssid":"DCS-935L-5B0E"}})");
    ASSERT_EQ(f.names.size(), 1u);
    EXPECT_EQ(f.names[0].name, "DCS-935L-B0C554255B0E");
    EXPECT_EQ(f.names[0].src, NameSource::Mdns);
    ASSERT_EQ(f.hints.size(), 1u);
    EXPECT_EQ(f.hints[0].attribute, "model");
    EXPECT_EQ(f.hints[0].value, "DCS-935L");
    EXPECT_EQ(f.hints[0].weight, 40);
    EXPECT_EQ(f.hints[0].src, "mdns.txt");
}

TEST(EvidenceMdns, ProbeAnnouncesItsProposedRecords) {
    Mapper m;
    ASSERT_TRUE(mdns_datagram(view(dissect::test::kMdnsProbeCamera), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(to_json(m.out[0].entry), R"({"name":"DCS-935L-B0C554255B0E.local","services":["_dhnap._tcp"]})");
    ASSERT_EQ(m.out[0].names.size(), 1u);
    EXPECT_EQ(m.out[0].names[0].name, "DCS-935L-B0C554255B0E");
}

TEST(EvidenceMdns, BrowsingQuerySaysNothing) {
    Mapper m;
    ASSERT_TRUE(mdns_datagram(view(dissect::test::kMdnsQueryIpp), m.ctx, m.out));
    EXPECT_TRUE(m.out.empty());
}

TEST(EvidenceMdns, KnownAnswersInAQueryAreOtherHosts) {
    // The announcement's records, sent as the known-answer list of a query.
    auto v = std::vector<std::uint8_t>(std::begin(dissect::test::kMdnsAnnounceCamera),
                                       std::end(dissect::test::kMdnsAnnounceCamera));
    v[2] = 0x00;  // flags: query
    Mapper m;
    ASSERT_TRUE(mdns_datagram(ByteView{v.data(), v.size()}, m.ctx, m.out));
    EXPECT_TRUE(m.out.empty());
}

TEST(EvidenceMdns, PrinterServicesTxtAndHints) {
    Mapper m;
    ASSERT_TRUE(mdns_datagram(view(dissect::test::kMdnsPrinter), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    const Fingerprint& f = m.out[0];
    EXPECT_EQ(to_json(f.entry),
              R"({"name":"HP-LaserJet-M404.local","services":["_ipp._tcp","_pdl-datastream._tcp"],)"
              R"j("txt":{"product":"(HP LaserJet Pro M404dn)","txtvers":"1","ty":"HP LaserJet Pro M404dn",)j"
              R"("usb_MDL":"LaserJet Pro M404dn","usb_MFG":"HP"}})");
    ASSERT_EQ(f.names.size(), 1u);
    EXPECT_EQ(f.names[0].name, "HP-LaserJet-M404");
    std::vector<std::string> hints;
    for (const auto& h : f.hints)
        hints.push_back(h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src);
    EXPECT_EQ(hints, (std::vector<std::string>{
                         "model=HP LaserJet Pro M404dn/60/mdns.txt",
                         "vendor=HP/60/mdns.txt",
                         "model=LaserJet Pro M404dn/60/mdns.txt",
                         "type=printer/60/mdns.svc",
                     }));
}

TEST(EvidenceMdns, MacDeviceInfo) {
    Mapper m;
    ASSERT_TRUE(mdns_datagram(view(dissect::test::kMdnsMacBook), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    const Fingerprint& f = m.out[0];
    EXPECT_EQ(to_json(f.entry), R"({"name":"Jennys-MacBook-Pro.local","services":["_airplay._tcp"],)"
                                R"("txt":{"model":"MacBookPro18,3","osxvers":"21"}})");
    ASSERT_EQ(f.names.size(), 1u);
    EXPECT_EQ(f.names[0].name, "Jennys-MacBook-Pro");
    std::vector<std::string> hints;
    for (const auto& h : f.hints)
        hints.push_back(h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src);
    EXPECT_EQ(hints, (std::vector<std::string>{
                         "model=MacBookPro18,3/50/mdns.txt",
                         "os.name=macOS/50/mdns.txt",
                         "type=media/15/mdns.svc",
                     }));
}

TEST(EvidenceMdns, HostNameFromAaaaOwner) {
    Mapper m;
    ASSERT_TRUE(mdns_datagram(view(dissect::test::kMdnsHinfo), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(to_json(m.out[0].entry), R"({"name":"nas.local"})");
    ASSERT_EQ(m.out[0].names.size(), 1u);
    EXPECT_EQ(m.out[0].names[0].name, "nas");
}

TEST(EvidenceMdns, TxtKeysAreCapped) {
    std::vector<std::uint8_t> v = {
        0x00, 0x00, 0x84, 0x00,  // id, flags: response
        0x00, 0x00, 0x00, 0x01,  // qdcount 0, ancount 1
        0x00, 0x00, 0x00, 0x00,  // nscount 0, arcount 0
        0x00,                    // owner: root
        0x00, 0x10, 0x00, 0x01,  // TXT, IN
        0x00, 0x00, 0x00, 0x78,  // ttl
        0x00, 0x00,              // rdlength, set below
    };
    const std::size_t rdlength_at = v.size() - 2;
    for (int i = 0; i < 20; ++i) {
        const std::string kv = "k" + std::to_string(100 + i) + "=" + std::string(200, 'v');
        v.push_back(static_cast<std::uint8_t>(kv.size()));
        v.insert(v.end(), kv.begin(), kv.end());
    }
    const std::size_t rdlength = v.size() - rdlength_at - 2;
    v[rdlength_at] = static_cast<std::uint8_t>(rdlength >> 8);
    v[rdlength_at + 1] = static_cast<std::uint8_t>(rdlength);
    Mapper m;
    ASSERT_TRUE(mdns_datagram(ByteView{v.data(), v.size()}, m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    const Map& txt = *m.out[0].entry.as_map()->at("txt").as_map();
    EXPECT_EQ(txt.size(), kMaxTxtKeys);
    EXPECT_EQ(txt.at("k100").as_string()->size(), kMaxTxtValue);
    EXPECT_FALSE(txt.contains("k116"));
}

TEST(EvidenceLlmnr, QueryNamesAndObservation) {
    Mapper m;
    ASSERT_TRUE(llmnr_datagram(view(dissect::test::kLlmnrQuery), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_EQ(m.out[0].key, "llmnr");
    EXPECT_EQ(to_json(m.out[0].entry), R"("hs2011")");
    ASSERT_EQ(m.out[0].observations.size(), 1u);
    EXPECT_EQ(m.out[0].observations[0].what, "llmnr.query");
    EXPECT_EQ(m.out[0].observations[0].detail, "hs2011");
    EXPECT_TRUE(m.out[0].names.empty());
}

TEST(EvidenceLlmnr, ResponseNamesTheResponder) {
    Mapper m;
    ASSERT_TRUE(llmnr_datagram(view(dissect::test::kLlmnrResponse), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_TRUE(m.out[0].key.empty());
    ASSERT_EQ(m.out[0].names.size(), 1u);
    EXPECT_EQ(m.out[0].names[0].name, "HS2011");
    EXPECT_EQ(m.out[0].names[0].src, NameSource::Llmnr);
    EXPECT_TRUE(m.out[0].observations.empty());
}

}  // namespace
}  // namespace posture::evidence
