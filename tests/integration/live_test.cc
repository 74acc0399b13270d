// Live capture through the real sensord on a veth pair whose far end sits in a
// network namespace this test creates. Needs root (or CAP_NET_ADMIN for the
// set-up) and iproute2; skips otherwise.
#include <algorithm>
#include <set>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/integration/util.h"

namespace {

class LiveVeth : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "needs root to create a network namespace";
        if (testutil::run("command -v ip >/dev/null").exit_code != 0) GTEST_SKIP() << "iproute2 missing";
        tag_ = std::to_string(getpid() % 100000);
        ns_ = "sensort" + tag_;
        host_if_ = "svh" + tag_;
        peer_if_ = "svp" + tag_;
        const std::string setup = "ip netns add " + ns_ + " && ip link add " + host_if_ + " type veth peer name " + peer_if_ +
                                  " && ip link set " + peer_if_ + " netns " + ns_ + " && ip link set " + host_if_ +
                                  " up && ip -n " + ns_ + " link set " + peer_if_ + " up && ip -n " + ns_ +
                                  " addr add 10.231.0.2/24 dev " + peer_if_ + " 2>&1";
        auto r = testutil::run(setup);
        if (r.exit_code != 0) {
            TearDown();
            GTEST_SKIP() << "cannot create veth/netns here: " << r.out;
        }
        peer_mac_ = testutil::run("ip -n " + ns_ + " -o link show " + peer_if_ +
                                  " | sed -n 's/.*link\\/ether \\([0-9a-f:]*\\).*/\\1/p'").out;
        while (!peer_mac_.empty() && peer_mac_.back() == '\n') peer_mac_.pop_back();
    }
    void TearDown() override {
        if (ns_.empty()) return;
        (void)testutil::run("ip link del " + host_if_ + " 2>/dev/null; ip netns del " + ns_ + " 2>/dev/null");
    }
    // Runs `sensord_cmd` and, once it has opened its capture (its first
    // socket: the packet socket), `count` UDP datagrams from the peer to an
    // address nobody answers, so it ARPs (each request carries its MAC and IP)
    // every 0.3 s. Starting the traffic on a fixed delay instead loses it when
    // a loaded machine (or a sanitizer build) starts sensord late.
    testutil::RunResult capture_with_traffic(const std::string& sensord_cmd, int count = 4) const {
        const std::string traffic = "ip netns exec " + ns_ + " bash -c 'for i in $(seq " + std::to_string(count) +
                                    "); do echo x >/dev/udp/10.231.0.9/9; sleep 0.3; done' >/dev/null 2>&1";
        return testutil::run(sensord_cmd + " & pid=$!; for i in $(seq 200); do "
                             "ls -l /proc/$pid/fd 2>/dev/null | grep -q socket: && break; sleep 0.05; done; " +
                             traffic + "; wait $pid");
    }
    std::string tag_, ns_, host_if_, peer_if_, peer_mac_;
};

TEST_F(LiveVeth, CapturesArpFromTheNamespaceAndReportsTheDevice) {
    ASSERT_EQ(peer_mac_.size(), 17u);
    // The peer sends UDP (bash's /dev/udp) to an address nobody answers, so it
    // ARPs: each request carries its MAC and IP.
    auto r = capture_with_traffic(testutil::sensord() + " --interface " + host_if_ + " --duration 4 --json --workers 2");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    bool found = false;
    for (auto& j : testutil::json_lines(r.out)) {
        if (j.value("mac", "") != peer_mac_) continue;
        found = true;
        ASSERT_TRUE(j.contains("ips")) << j.dump();
        // The kernel also sends IPv6 ND/MLD from its link-local address.
        const auto& ips = j["ips"];
        EXPECT_NE(std::find(ips.begin(), ips.end(), "10.231.0.2"), ips.end()) << j.dump();
    }
    EXPECT_TRUE(found) << "no record for " << peer_mac_ << " in:\n" << r.out;
}

// On a quiet link no packet moves packet time: sensord's aging timer does
// (Pipeline::advance_clock), so a device that stopped talking ages out.
TEST_F(LiveVeth, AQuietDeviceAgesOutWithoutFurtherPackets) {
    ASSERT_EQ(peer_mac_.size(), 17u);
    // No IPv6 on either end: router solicitations and MLD reports would keep
    // the link (and packet time) moving.
    (void)testutil::run("ip netns exec " + ns_ + " sysctl -qw net.ipv6.conf." + peer_if_ + ".disable_ipv6=1");
    (void)testutil::run("sysctl -qw net.ipv6.conf." + host_if_ + ".disable_ipv6=1");
    const std::string cfg = testutil::scratch("live-aging").string() + "/aging.yaml";
    ASSERT_EQ(testutil::run("printf 'inventory:\\n  idle_timeout_s: 2\\n' > " + cfg).exit_code, 0);
    auto r = capture_with_traffic(testutil::sensord() + " --interface " + host_if_ + " --config " + cfg +
                                      " --duration 7 --json --stats 2>" + cfg + ".err",
                                  3);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    for (auto& j : testutil::json_lines(r.out)) EXPECT_NE(j.value("mac", ""), peer_mac_) << "still there: " << j.dump();
    const std::string stats = testutil::run("cat " + cfg + ".err").out;
    const auto at = stats.find("aged out (idle timeout)");
    ASSERT_NE(at, std::string::npos) << stats;
    EXPECT_GE(std::stoi(stats.substr(stats.find_first_of("0123456789", at))), 1) << stats;
}

// Least privilege (firmware/systemd/sensord@.service): an unprivileged user
// with CAP_NET_RAW alone captures live; without it sensord says what it needs.
TEST_F(LiveVeth, RunsUnprivilegedWithOnlyCapNetRaw) {
    if (testutil::run("command -v setpriv >/dev/null").exit_code != 0) GTEST_SKIP() << "setpriv (util-linux) missing";
    ASSERT_EQ(peer_mac_.size(), 17u);
    // nobody, no groups, and no capability but CAP_NET_RAW (bounding set too).
    const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs ";
    const std::string only_raw = "--inh-caps=-all,+net_raw --ambient-caps=-all,+net_raw --bounding-set=-all,+net_raw ";
    const auto err = testutil::scratch("live-unprivileged") / "sensord.err";
    auto r = capture_with_traffic(as_nobody + only_raw + testutil::sensord() + " --interface " + host_if_ +
                                  " --duration 3.5 --json 2>" + err.string());
    ASSERT_EQ(r.exit_code, 0) << r.out << testutil::slurp(err);
    bool found = false;
    for (auto& j : testutil::json_lines(r.out)) found = found || j.value("mac", "") == peer_mac_;
    EXPECT_TRUE(found) << r.out << testutil::slurp(err);
    // The same user without the capability: refused, with the reason.
    auto denied = testutil::run(as_nobody + "--inh-caps=-all --bounding-set=-all " + testutil::sensord() +
                                " --interface " + host_if_ + " --duration 1 --json 2>&1");
    EXPECT_NE(denied.exit_code, 0);
    EXPECT_NE(denied.out.find("needs CAP_NET_RAW"), std::string::npos) << denied.out;
}

// A "--stats" row's number ("  packets     13718").
std::uint64_t stat(const std::string& stats, const std::string& row) {
    const auto at = stats.find("  " + row + " ");
    if (at == std::string::npos) return ~std::uint64_t{0};
    return std::stoull(stats.substr(stats.find_first_of("0123456789", at + row.size() + 2)));
}

// Two workers on a live interface: two libpcap handles in one PACKET_FANOUT
// group. A generated site capture replayed into the veth by tcpreplay is
// read exactly once (no frame twice, none lost), both handles carry part
// of it, every frame read is accounted for (a worker's or a counted drop),
// and the devices are those an offline read of the same file finds.
TEST_F(LiveVeth, TwoWorkersShareTheTrafficThroughAFanoutGroup) {
    if (testutil::run("command -v tcpreplay >/dev/null").exit_code != 0) GTEST_SKIP() << "tcpreplay missing";
    const auto dir = testutil::scratch("live-fanout");
    ASSERT_EQ(testutil::run(testutil::sitegen() + " --devices 60 --minutes 1 --out " + dir.string() + " 2>/dev/null").exit_code, 0);
    const std::string pcap = (dir / "site.pcap").string();
    // Nothing but the replay on the link: no IPv6 chatter from either end.
    (void)testutil::run("ip netns exec " + ns_ + " sysctl -qw net.ipv6.conf." + peer_if_ + ".disable_ipv6=1");
    (void)testutil::run("sysctl -qw net.ipv6.conf." + host_if_ + ".disable_ipv6=1");
    const std::string err = (dir / "live.err").string(), out = (dir / "live.json").string();
    // The replay starts once sensord says it captures (handles joined, workers ready).
    auto r = testutil::run(testutil::sensord() + " --interface " + host_if_ + " --workers 2 --duration 8 --json --stats >" +
                           out + " 2>" + err + " & pid=$!; for i in $(seq 400); do grep -q 'capturing on' " + err +
                           " && break; sleep 0.05; done; ip netns exec " + ns_ + " tcpreplay -i " + peer_if_ +
                           " --pps 5000 " + pcap + " 2>&1 | grep 'Successful packets'; wait $pid");
    ASSERT_EQ(r.exit_code, 0) << r.out << testutil::slurp(err);
    const auto sent = std::stoull(r.out.substr(r.out.find_first_of("0123456789")));
    const std::string stats = testutil::slurp(err);
    EXPECT_NE(stats.find("2 handles in a PACKET_FANOUT group"), std::string::npos) << stats;
    EXPECT_EQ(stat(stats, "capture handles"), 2u) << stats;
    // Each frame once: one handle alone, or two without the group, would
    // read it twice.
    EXPECT_EQ(stat(stats, "packets"), sent) << stats;
    const auto w0 = stat(stats, "worker 0 packets"), w1 = stat(stats, "worker 1 packets");
    EXPECT_GT(w0, 0u) << stats;
    EXPECT_GT(w1, 0u) << stats;
    const auto drops = stat(stats, "pipeline.slots.exhausted") + stat(stats, "pipeline.queue.drops");
    EXPECT_EQ(w0 + w1 + drops, stat(stats, "packets")) << stats;
    // The same devices as an offline read of the file (when nothing was
    // dropped on the way: a loaded test machine may drop, and says so).
    auto ids = [](const std::string& json) {
        std::set<std::string> s;
        for (auto& j : testutil::json_lines(json)) s.insert(j.value("id", ""));
        return s;
    };
    const auto offline = ids(testutil::run(testutil::sensord() + " -q -r " + pcap + " --json").out);
    const auto live = ids(testutil::slurp(out));
    ASSERT_GE(offline.size(), 60u);
    if (drops == 0 && stat(stats, "pipeline.evidence.drops") == 0) {
        EXPECT_EQ(live, offline);
    } else {
        std::size_t common = 0;
        for (const auto& id : live) common += offline.count(id);
        EXPECT_GE(common * 10, offline.size() * 9) << stats;
    }
}

TEST_F(LiveVeth, BadFilterAndMissingInterfaceFailClearly) {
    auto r = testutil::run(testutil::sensord() + " --interface " + host_if_ + " --filter 'not a filter (' --duration 1 2>&1");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.out.find("filter"), std::string::npos) << r.out;
    r = testutil::run(testutil::sensord() + " --interface nosuchif0 --duration 1 2>&1");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.out.find("nosuchif0"), std::string::npos) << r.out;
}

}  // namespace
