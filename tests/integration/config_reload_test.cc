// sensord and its configuration file (firmware/config/README.md): the
// --check-config exit codes and messages, a bad file refused at start-up, and
// SIGHUP re-reading the file on a running sensor (a rule turned off takes
// effect, a bad file keeps the running configuration, a restart-only key is
// named).
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string sensorctl() { return std::string(SENSOR_BINARY_DIR) + "/transport/sensorctl"; }

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(Config, CheckConfigSaysOkOrNamesFileLineAndKey) {
    const fs::path dir = testutil::scratch("check-config");
    const std::string shipped = std::string(SENSOR_SOURCE_DIR) + "/firmware/config/sensor.yaml";
    auto ok = testutil::run(testutil::sensord() + " --check-config " + shipped + " 2>&1");
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_EQ(ok.out, shipped + ": OK\n");

    const std::vector<std::pair<std::string, std::string>> bad = {
        {"capture:\n  workers: 2\n  ringsize: 4\n", ":3: capture.ringsize: unknown key"},
        {"capture:\n  promiscuous: sometimes\n", ":2: capture.promiscuous: not true/false"},
        {"inventory:\n  max_devices: 0\n", ":2: inventory.max_devices: outside 1..100000000"},
        {"risk:\n  rules:\n    NO-SUCH-RULE: {enabled: false}\n", ":3: risk.rules.NO-SUCH-RULE: no rule has this id"},
    };
    for (const auto& [text, want] : bad) {
        const fs::path f = dir / "bad.yaml";
        write(f, text);
        auto r = testutil::run(testutil::sensord() + " --check-config " + f.string() + " 2>&1");
        EXPECT_EQ(r.exit_code, 1) << text;
        EXPECT_EQ(r.out, "sensord: config: " + f.string() + want + "\n");
        // --config refuses to start on the same file.
        auto start = testutil::run(testutil::sensord() + " --config " + f.string() + " -r /dev/null 2>&1");
        EXPECT_EQ(start.exit_code, 2) << start.out;
        EXPECT_NE(start.out.find(f.string() + want), std::string::npos) << start.out;
    }
}

bool has_finding(const json& rec, const std::string& rule) {
    if (!rec.contains("posture")) return false;
    for (const auto& f : rec["posture"]["findings"])
        if (f["rule"] == rule) return true;
    return false;
}

TEST(Config, SighupReloadsTheFileAndABadOneKeepsTheRunningConfiguration) {
    const fs::path dir = testutil::scratch("reload");
    ASSERT_EQ(testutil::run(testutil::sitegen() + " --rule-lab --out " + dir.string() + " 2>/dev/null").exit_code, 0);
    // The rule lab's telnet server (tests/integration/rules_test.cc).
    std::string telnet;
    for (const auto& row : testutil::read_tsv(dir / "rules_truth.tsv"))
        if (row.at("rule") == "SVC-TELNET-OPEN") telnet = "mac:" + row.at("mac");
    ASSERT_FALSE(telnet.empty());
    const fs::path cfg = dir / "sensor.yaml";
    write(cfg, "capture:\n  snaplen: 2048\n");
    testutil::Served s(dir, "-q -r " + (dir / "rules.pcap").string() + " --config " + cfg.string() +
                                " --serve --insecure --events tcp://127.0.0.1:* --control tcp://127.0.0.1:*");
    std::string events, control;
    ASSERT_TRUE(s.wait_serving(events, control)) << s.err();
    ASSERT_TRUE(s.wait_capture_ended()) << s.err();
    const std::string get = sensorctl() + " --insecure --events " + events + " --control " + control + " get " + telnet;
    auto device = [&] {
        auto recs = testutil::json_lines(testutil::run(get).out);
        return recs.empty() ? json() : recs[0];
    };
    ASSERT_TRUE(has_finding(device(), "SVC-TELNET-OPEN")) << device().dump();

    auto wait_err = [&](const std::string& what) {
        for (int i = 0; i < 600 && s.err().find(what) == std::string::npos; ++i)  // up to 30 s on a loaded machine
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return s.err().find(what) != std::string::npos;
    };
    // Turn the rule off: the running sensor scores again, the finding goes.
    write(cfg, "capture:\n  snaplen: 2048\nrisk:\n  rules:\n    SVC-TELNET-OPEN: {enabled: false}\n");
    ASSERT_TRUE(s.hup());
    ASSERT_TRUE(wait_err("configuration reloaded from " + cfg.string())) << s.err();
    json rec;
    for (int i = 0; i < 300 && has_finding(rec = device(), "SVC-TELNET-OPEN"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(has_finding(rec, "SVC-TELNET-OPEN")) << rec.dump();

    // A bad file: said, and the running configuration stays (the rule stays off).
    write(cfg, "risk:\n  rules:\n    SVC-TELNET-OPEN: {enabled: perhaps}\n");
    ASSERT_TRUE(s.hup());
    ASSERT_TRUE(wait_err("config reload failed, the running configuration stays: " + cfg.string() +
                         ":3: risk.rules.SVC-TELNET-OPEN.enabled: not true/false"))
        << s.err();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_FALSE(has_finding(device(), "SVC-TELNET-OPEN"));
    EXPECT_FALSE(s.exited());

    // Back on, with a key only a restart applies: applied, and named.
    write(cfg, "capture:\n  snaplen: 4096\n");
    ASSERT_TRUE(s.hup());
    ASSERT_TRUE(wait_err("a restart applies capture.snaplen")) << s.err();
    for (int i = 0; i < 300 && !has_finding(rec = device(), "SVC-TELNET-OPEN"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(has_finding(rec, "SVC-TELNET-OPEN")) << rec.dump();
    EXPECT_EQ(s.stop(), 0);
}

}  // namespace
