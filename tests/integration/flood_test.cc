// Floods mixed into a site (sitegen --flood, merged with mergecap): a MAC
// flood, a SYN scan of one-packet flows, DHCP starvation and mDNS/SSDP
// storms. With the device and flow caps set low, sensord must evict (and
// count every eviction), stay under its caps, and keep every real device
// with the classification a clean run gives it. Speed and peak memory under
// the full-size floods are bench/flood.sh's.
#include <gtest/gtest.h>

#include <map>

#include "tests/integration/util.h"

namespace {

std::uint64_t stat(const std::string& stats, const std::string& row) {
    const auto at = stats.find("  " + row + " ");
    if (at == std::string::npos) return ~std::uint64_t{0};
    return std::stoull(stats.substr(stats.find_first_of("0123456789", at + row.size() + 2)));
}

std::string type_of(const nlohmann::json& j) {
    if (!j.contains("class")) return "";
    return j["class"].value("type", "") + "/" + (j["class"].contains("os") ? j["class"]["os"].value("name", "") : "");
}

TEST(Flood, CapsHoldEvictionsAreCountedAndRealDevicesKeepTheirClass) {
    if (testutil::run("command -v mergecap >/dev/null").exit_code != 0) GTEST_SKIP() << "mergecap (wireshark-common) missing";
    const auto dir = testutil::scratch("flood");
    const std::string d = dir.string();
    ASSERT_EQ(testutil::run(testutil::sitegen() + " --devices 60 --minutes 1 --out " + d + " 2>/dev/null").exit_code, 0);
    ASSERT_EQ(testutil::run(testutil::sitegen() + " --flood macs=20000,flows=30000,dhcp=3000,mdns=3000,ssdp=3000 --minutes 1 --out " +
                            d + " 2>/dev/null")
                  .exit_code,
              0);
    ASSERT_EQ(testutil::run("mergecap -w " + d + "/merged.pcap " + d + "/site.pcap " + d + "/flood.pcap").exit_code, 0);
    ASSERT_EQ(testutil::run("printf 'inventory:\\n  max_devices: 2000\\n' > " + d + "/caps.yaml").exit_code, 0);

    const auto clean = testutil::run(testutil::sensord() + " -q -r " + d + "/site.pcap --json");
    ASSERT_EQ(clean.exit_code, 0);
    const auto flooded = testutil::run(testutil::sensord() + " -r " + d + "/merged.pcap --config " + d +
                                       "/caps.yaml --flow-cap 4096 --workers 2 --json --stats 2>" + d + "/stats.txt");
    ASSERT_EQ(flooded.exit_code, 0) << testutil::slurp(dir / "stats.txt");
    const std::string stats = testutil::slurp(dir / "stats.txt");

    // Every frame read, the caps held, and what they pushed out counted.
    EXPECT_EQ(stat(stats, "packets"), 13718u + 59000u) << stats;
    EXPECT_LE(stat(stats, "records"), 2000u) << stats;
    EXPECT_GE(stat(stats, "evicted (device cap)"), 20000u) << stats;
    EXPECT_GE(stat(stats, "evicted (cap)"), 20000u) << stats;  // flows: 30,000 one-packet SYNs over 2 x 4096
    // The real devices: all there, classified as without the flood.
    std::map<std::string, std::string> ref, got;
    for (const auto& j : testutil::json_lines(clean.out)) ref[j.value("id", "")] = type_of(j);
    for (const auto& j : testutil::json_lines(flooded.out)) got[j.value("id", "")] = type_of(j);
    ASSERT_GE(ref.size(), 60u);
    std::size_t same = 0;
    for (const auto& [id, t] : ref) {
        auto it = got.find(id);
        EXPECT_NE(it, got.end()) << id << " was lost in the flood";
        if (it != got.end()) {
            EXPECT_EQ(it->second, t) << id;
            same += it->second == t;
        }
    }
    EXPECT_EQ(same, ref.size());
}

}  // namespace
