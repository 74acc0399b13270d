// Every capture under ../shared/pcaps through the real sensord: no crash, the
// device set equals the capture's unicast source MACs, and the ARP bindings of
// the reference tables (tshark) appear in the records. Skips when the shared
// material is absent.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <set>

#include "tests/integration/util.h"

namespace {

std::vector<std::string> manifest_files() {
    std::vector<std::string> files;
    if (!testutil::have_shared()) return files;
    for (auto& row : testutil::read_tsv(testutil::shared_dir() / "pcaps" / "MANIFEST.tsv")) {
        const std::string& f = row["file"];
        if (f.ends_with(".pcap") || f.ends_with(".pcapng")) files.push_back(f);
    }
    return files;
}

// The reference extraction of device MACs, derived here independently of our
// dissectors, with tshark's `eth.src` semantics: the Ethernet source address
// of every frame, unicast and non-zero; for VXLAN (UDP 4789 over IPv4, the
// only tunnel in the corpus) also the inner frame's; for Cisco FabricPath
// (EtherType 0x8903) the inner frame's only, the outer being switch ids.
std::set<std::string> unicast_source_macs(const std::string& path) {
    std::set<std::string> macs;
    auto add = [&](const u_char* s) {
        if (s[0] & 1) return;
        if ((s[0] | s[1] | s[2] | s[3] | s[4] | s[5]) == 0) return;
        char buf[18];
        std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", s[0], s[1], s[2], s[3], s[4], s[5]);
        macs.insert(buf);
    };
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(path.c_str(), err);
    if (!p) return macs;
    const bool ether = pcap_datalink(p) == DLT_EN10MB;
    pcap_pkthdr* h;
    const u_char* d;
    while (pcap_next_ex(p, &h, &d) == 1) {
        if (!ether || h->caplen < 14) continue;
        auto type_at = [&](std::size_t o) { return o + 2 <= h->caplen ? (d[o] << 8 | d[o + 1]) : -1; };
        std::size_t off = 12;
        int type = type_at(off);
        if (type == 0x8903) {
            if (h->caplen >= 16 + 14) add(d + 16 + 6);
            continue;
        }
        add(d + 6);
        while (type == 0x8100 || type == 0x88a8) type = type_at(off += 4);
        const std::size_t ip = off + 2;
        if (type != 0x0800 || ip + 20 > h->caplen || d[ip + 9] != 17) continue;
        const std::size_t udp = ip + (d[ip] & 0x0f) * 4u;
        if (udp + 8 + 8 + 14 > h->caplen || type_at(udp + 2) != 4789) continue;
        add(d + udp + 8 + 8 + 6);
    }
    pcap_close(p);
    return macs;
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, DevicesAreTheUnicastSourcesAndArpBindingsAppear) {
    const std::string rel = GetParam();
    const auto path = testutil::shared_dir() / "pcaps" / rel;
    auto r = testutil::run(testutil::sensord() + " --read '" + path.string() + "' --json --workers 2");
    ASSERT_EQ(r.exit_code, 0) << rel;
    std::set<std::string> ours;
    std::map<std::string, std::set<std::string>> ips;
    for (auto& j : testutil::json_lines(r.out)) {
        if (!j.contains("mac")) continue;
        ours.insert(j["mac"].get<std::string>());
        if (j.contains("ips"))
            for (auto& ip : j["ips"]) ips[j["mac"]].insert(ip.get<std::string>());
    }
    EXPECT_EQ(ours, unicast_source_macs(path.string())) << rel;

    static const auto arp = testutil::read_tsv(testutil::shared_dir() / "pcaps" / "reference" / "arp.tsv");
    std::size_t checked = 0;
    for (const auto& row : arp) {
        if (row.at("file") != rel) continue;
        const std::string& ip = row.at("sender_ip");
        const std::string& mac = row.at("sender_mac");
        if (ip.empty() || ip == "0.0.0.0" || mac.empty() || (row.at("opcode") != "1" && row.at("opcode") != "2"))
            continue;
        // A binding stated in a frame some other MAC sent (proxy ARP, or the
        // corrupted frames of tcpdump/arp-oobr.pcap) may precede any frame of
        // that MAC; the sensor only takes bindings for MACs already seen.
        if (row.at("eth_src") != mac) continue;
        // A multicast or broadcast "sender address" is no host's address.
        if (std::stoi(ip.substr(0, ip.find('.'))) >= 224 || ip == "255.255.255.255") continue;
        if (!ours.contains(mac)) continue;
        // Records list at most 16 addresses; a MAC with more may have aged this one out.
        if (ips[mac].size() >= 16) continue;
        EXPECT_TRUE(ips[mac].contains(ip)) << rel << ": ARP says " << ip << " is at " << mac;
        ++checked;
    }
    RecordProperty("arp_pairs_checked", static_cast<int>(checked));
}

INSTANTIATE_TEST_SUITE_P(SharedPcaps, Corpus, ::testing::ValuesIn(manifest_files()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                             std::string n = i.param;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Corpus);

TEST(CorpusPresence, SkipsCleanlyWithoutSharedMaterial) {
    if (!testutil::have_shared()) GTEST_SKIP() << "no shared pcaps at " << testutil::shared_dir();
    EXPECT_FALSE(manifest_files().empty());
}

}  // namespace
