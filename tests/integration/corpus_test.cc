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
// dissectors: the Ethernet source address of every frame, unicast only.
std::set<std::string> unicast_source_macs(const std::string& path) {
    std::set<std::string> macs;
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(path.c_str(), err);
    if (!p) return macs;
    pcap_pkthdr* h;
    const u_char* d;
    while (pcap_next_ex(p, &h, &d) == 1) {
        if (h->caplen < 14) continue;
        const u_char* s = d + 6;
        if (s[0] & 1) continue;
        if ((s[0] | s[1] | s[2] | s[3] | s[4] | s[5]) == 0) continue;
        char buf[18];
        std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", s[0], s[1], s[2], s[3], s[4], s[5]);
        macs.insert(buf);
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
        if (!ours.contains(mac)) continue;  // proxy ARP for a MAC that never sent a frame
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
