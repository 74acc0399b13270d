// sensord with a state directory (SQLite inventory, posture/store) and a
// configuration file, through the real binary.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/util.h"

using testutil::run;

namespace {

class StateAndConfig : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new std::filesystem::path(testutil::scratch("state"));
        ASSERT_EQ(run(testutil::sitegen() + " --out " + dir_->string() + " >/dev/null").exit_code, 0);
        // A capture with no packets: the restored inventory is all there is.
        std::ofstream(*dir_ / "empty.pcap", std::ios::binary)
            .write("\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x01\x00\x00\x00",
                   24);
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        std::filesystem::remove_all(*dir_, ec);
        delete dir_;
    }
    static std::string sensord(const std::string& pcap, const std::string& args) {
        return testutil::sensord() + " --read " + (*dir_ / pcap).string() + " --json " + args;
    }
    static std::filesystem::path* dir_;
};
std::filesystem::path* StateAndConfig::dir_ = nullptr;

TEST_F(StateAndConfig, RestartRestoresEveryDeviceEvidenceAndFinding) {
    const std::string state = "--state-dir " + (*dir_ / "st1").string();
    const auto first = run(sensord("site.pcap", state));
    ASSERT_EQ(first.exit_code, 0);
    ASSERT_GT(testutil::json_lines(first.out).size(), 60u);
    EXPECT_NE(first.out.find("\"findings\""), std::string::npos);
    const auto restarted = run(sensord("empty.pcap", state));
    ASSERT_EQ(restarted.exit_code, 0);
    EXPECT_EQ(restarted.out, first.out) << "records (fp, class with its evidence, posture with its findings) restored";
    // Without the state directory the same empty capture knows nothing.
    EXPECT_TRUE(run(sensord("empty.pcap", "")).out.empty());
    // Replaying the capture on top of its own state adds no device.
    const auto again = run(sensord("site.pcap", state));
    EXPECT_EQ(testutil::json_lines(again.out).size(), testutil::json_lines(first.out).size());
}

TEST_F(StateAndConfig, ConfigOverridesARule) {
    const auto base = run(sensord("site.pcap", ""));
    ASSERT_NE(base.out.find("SNMP-DEFAULT-COMMUNITY"), std::string::npos);
    const auto cfg = *dir_ / "sensord.yaml";
    std::ofstream(cfg) << "risk:\n  rules:\n    SNMP-DEFAULT-COMMUNITY: {enabled: false}\n";
    const auto r = run(sensord("site.pcap", "--config " + cfg.string()));
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.find("SNMP-DEFAULT-COMMUNITY"), std::string::npos);
}

TEST_F(StateAndConfig, BadConfigNamesFileLineAndKey) {
    const auto cfg = *dir_ / "bad.yaml";
    std::ofstream(cfg) << "risk:\n  rules:\n    NO-SUCH-RULE: {enabled: false}\n";
    auto r = run(sensord("empty.pcap", "--config " + cfg.string() + " 2>&1"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find(":3: risk.rules.NO-SUCH-RULE: no rule has this id"), std::string::npos) << r.out;
    std::ofstream(cfg) << "network:\n  dhcp_servers: [not-an-ip]\n";
    r = run(sensord("empty.pcap", "--config " + cfg.string() + " 2>&1"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find(cfg.string() + ":2: network.dhcp_servers: 'not-an-ip' is not an IP address"), std::string::npos)
        << r.out;
}

TEST_F(StateAndConfig, StateThatIsNotADatabaseIsRefused) {
    const auto st = *dir_ / "st2";
    std::filesystem::create_directories(st);
    std::ofstream(st / "inventory.db") << "not a database at all, just text that is long enough to matter";
    const auto r = run(sensord("empty.pcap", "--state-dir " + st.string() + " 2>&1"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find((st / "inventory.db").string()), std::string::npos) << r.out;
}

}  // namespace
