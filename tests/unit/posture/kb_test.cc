// The classification knowledge base (posture/kb/kb.h) on its real tables
// (posture/kb/*.yaml) and on broken files.
#include "posture/kb/kb.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <string>
#include <unistd.h>

namespace posture::kb {
namespace {

const std::string kDir = std::string(SENSOR_SOURCE_DIR) + "/posture/kb";

const Kb& real() {
    static const Kb kb = [] {
        auto k = Kb::load_dir(kDir);
        EXPECT_TRUE(k) << k.error();
        return k ? std::move(*k) : Kb{};
    }();
    return kb;
}

std::string hints(Fact f, std::string_view v) {
    std::vector<ClassHint> out;
    real().match(f, v, out);
    std::string s;
    for (const auto& h : out) s += h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src + ";";
    return s;
}

TEST(Kb, RealTablesLoad) {
    EXPECT_GE(real().rule_count(), 200u);
    std::set<Fact> facts;
    for (const auto& t : real().tables()) facts.insert(t.fact);
    EXPECT_GE(facts.size(), 12u) << "every fact kind has a table";
}

TEST(Kb, Matches) {
    EXPECT_EQ(hints(Fact::Hostname, "DESKTOP-C9T0DAI"), "type=workstation/50/kb.hostname;os.name=Windows/50/kb.hostname;");
    EXPECT_EQ(hints(Fact::Hostname, "Pixel-7"),
              "type=phone/50/kb.hostname;os.name=Android/50/kb.hostname;vendor=Google/50/kb.hostname;"
              "model=Pixel 7/50/kb.hostname;");
    EXPECT_EQ(hints(Fact::Hostname, "desktop-c9t0dai"), hints(Fact::Hostname, "DESKTOP-C9T0DAI")) << "case-insensitive";
    EXPECT_EQ(hints(Fact::Hostname, "my-own-name"), "");
    EXPECT_EQ(hints(Fact::Oui, "Hangzhou Hikvision Digital Technology Co.,Ltd."),
              "type=ip-camera/35/oui;vendor=Hikvision/35/oui;");
    EXPECT_EQ(hints(Fact::DhcpPrl, "1,3,6,15,31,33,43,44,46,47,119,121,249,252"), "os.name=Windows/50/kb.dhcp.prl;");
    EXPECT_EQ(hints(Fact::DhcpPrl, "1,3,6,15,31,33,43,44,46,47,119,121,249,252,99"), "") << "anchored";
    EXPECT_EQ(hints(Fact::Dns, "connectivitycheck.gstatic.com"), "os.name=Android/40/kb.dns;");
    EXPECT_EQ(hints(Fact::LldpSysdesc, "Cisco IOS XE Software, Version 17.9.4a"),
              "type=network/60/kb.lldp.sysdesc;os.name=Cisco IOS XE/60/kb.lldp.sysdesc;"
              "os.version=17.9.4a/60/kb.lldp.sysdesc;vendor=Cisco/60/kb.lldp.sysdesc;");
    EXPECT_EQ(hints(Fact::MdnsService, "_axis-video._tcp"), "type=ip-camera/55/kb.mdns.svc;vendor=Axis/55/kb.mdns.svc;");
}

class KbErrors : public ::testing::Test {
protected:
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kb_test_" + std::to_string(::getpid()));
    void SetUp() override { std::filesystem::create_directories(dir); }
    void TearDown() override { std::filesystem::remove_all(dir); }
    std::string load(const std::string& text) {
        const auto f = dir / "t.yaml";
        std::ofstream(f) << text;
        auto k = Kb::load({f.string()});
        return k ? std::string("ok") : k.error();
    }
};

TEST_F(KbErrors, NameFileLineAndKey) {
    const std::string f = (dir / "t.yaml").string();
    EXPECT_EQ(load("fact: hostname\nrules:\n  - {match: 'a', type: phone}\n"), "ok");
    EXPECT_EQ(load("fact: hostnme\nrules: []\n"), f + ":1: fact: unknown fact 'hostnme'");
    EXPECT_EQ(load("fact: hostname\nrules:\n  - {match: 'a', typ: phone}\n"), f + ":3: typ: unknown key");
    EXPECT_EQ(load("fact: hostname\nrules:\n  - match: 'a'\n    type: toaster\n"),
              f + ":4: type: 'toaster' is not in the taxonomy");
    EXPECT_EQ(load("fact: hostname\nrules:\n  - {match: 'a(', type: phone}\n").substr(0, f.size() + 11),
              f + ":3: match: ");
    EXPECT_EQ(load("fact: hostname\nweight: 101\nrules: []\n"), f + ":2: weight: outside 1..100");
    EXPECT_EQ(load("fact: hostname\nrules:\n  - {type: phone}\n"), f + ":3: match: missing");
    EXPECT_EQ(load("rules: []\n"), f + ":1: fact: missing");
    EXPECT_EQ(load("fact: hostname\nrules:\n  - {match: 'a', type: phone\n").substr(0, f.size() + 2), f + ":4");
    EXPECT_EQ(Kb::load({(dir / "absent.yaml").string()}).error(), (dir / "absent.yaml").string() + ": cannot be read");
}

}  // namespace
}  // namespace posture::kb
