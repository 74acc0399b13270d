// sensord's configuration file (sensor/daemon/config.h).
#include "sensor/daemon/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

namespace sensor {
namespace {

class ConfigFile : public ::testing::Test {
protected:
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("config_test_" + std::to_string(::getpid()));
    std::string file = (dir / "sensord.yaml").string();
    void SetUp() override { std::filesystem::create_directories(dir); }
    void TearDown() override { std::filesystem::remove_all(dir); }
    std::expected<Config, std::string> load(const std::string& text) {
        std::ofstream(file) << text;
        return load_config(file);
    }
};

TEST_F(ConfigFile, EveryKey) {
    auto c = load(R"(state_dir: /var/lib/sensord
inventory:
  learning_s: 60
  idle_timeout_s: 3600
  max_devices: 500
risk:
  thresholds: {low: 5, medium: 25, high: 50, critical: 80}
  rules:
    SVC-TELNET-OPEN: {enabled: false}
    TLS-WEAK-CIPHER: {score: 20, severity: low}
network:
  dhcp_servers: [192.168.10.1]
  dhcpv6_servers: ["fe80::1"]
  routers: ["fe80::1"]
  gateways: [192.168.10.1]
transport:
  sensor_id: branch-7
  events: tcp://*:7470
  local_events: ipc:///run/sensord/events.ipc
  key_dir: /etc/sensord/keys
  pub_hwm: 2000
)");
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->state_dir, "/var/lib/sensord");
    EXPECT_EQ(c->learning_us, 60'000'000u);
    EXPECT_EQ(c->idle_timeout_us, 3600'000'000u);
    EXPECT_EQ(c->max_devices, 500u);
    ASSERT_TRUE(c->risk.thresholds);
    EXPECT_EQ(c->risk.thresholds->medium, 25);
    EXPECT_EQ(c->risk.rules.at("SVC-TELNET-OPEN").enabled, false);
    EXPECT_EQ(c->risk.rules.at("TLS-WEAK-CIPHER").score, 20);
    EXPECT_EQ(c->risk.rules.at("TLS-WEAK-CIPHER").severity, posture::risk::Severity::Low);
    EXPECT_EQ(c->network.dhcp_servers, std::vector<std::string>{"192.168.10.1"});
    EXPECT_EQ(c->network.routers, std::vector<std::string>{"fe80::1"});
    EXPECT_EQ(c->transport.sensor_id, "branch-7");
    EXPECT_EQ(c->transport.events, "tcp://*:7470");
    EXPECT_EQ(c->transport.local_events, "ipc:///run/sensord/events.ipc");
    EXPECT_EQ(c->transport.key_dir, "/etc/sensord/keys");
    EXPECT_EQ(c->transport.pub_hwm, 2000);
    EXPECT_TRUE(load("")) << "an empty file is an empty configuration";
    EXPECT_EQ(load("")->transport.pub_hwm, 50'000) << "WIRE-PROTOCOL §8's default";
}

TEST_F(ConfigFile, ErrorsNameFileLineAndKey) {
    EXPECT_EQ(load("state_dir: /x\nbogus: 1\n").error(), file + ":2: bogus: unknown key");
    EXPECT_EQ(load("inventory:\n  learning_s: -1\n").error(), file + ":2: inventory.learning_s: outside 0..31536000");
    EXPECT_EQ(load("risk:\n  rules:\n    X-1: {scor: 3}\n").error(), file + ":3: risk.rules.X-1.scor: unknown key");
    EXPECT_EQ(load("risk:\n  rules:\n    X-1: {score: 300}\n").error(), file + ":3: risk.rules.X-1.score: outside 0..100");
    EXPECT_EQ(load("risk:\n  rules:\n    X-1: {severity: huge}\n").error(),
              file + ":3: risk.rules.X-1.severity: not info/low/medium/high/critical");
    EXPECT_EQ(load("network:\n  dhcp_servers: [10.0.0.300]\n").error(),
              file + ":2: network.dhcp_servers: '10.0.0.300' is not an IP address");
    EXPECT_EQ(load("risk:\n  thresholds: {extreme: 3}\n").error(), file + ":2: risk.thresholds.extreme: unknown level");
    EXPECT_EQ(load("transport:\n  pub_hwm: 10\n").error(), file + ":2: transport.pub_hwm: outside 100..10000000");
    EXPECT_EQ(load("transport:\n  events: udp://x\n").error(), file + ":2: transport.events: not a tcp:// or ipc:// endpoint");
    EXPECT_EQ(load("a: [1,\n").error().substr(0, file.size() + 1), file + ":");
    EXPECT_EQ(load_config((dir / "absent.yaml").string()).error(), (dir / "absent.yaml").string() + ": cannot be read");
}

// firmware/config/README.md documents every key with its default: each
// documented key loads with a value of its type, the documented capture
// defaults are the compiled-in ones, and the shipped sensor.yaml loads.
TEST_F(ConfigFile, TheDocumentedKeysAndTheShippedFileLoad) {
    const std::filesystem::path fw = std::filesystem::path(SENSOR_SOURCE_DIR) / "firmware" / "config";
    auto shipped = load_config((fw / "sensor.yaml").string());
    ASSERT_TRUE(shipped) << shipped.error();
    EXPECT_EQ(shipped->transport.key_dir, "/etc/sensord/keys");

    std::ifstream readme(fw / "README.md");
    ASSERT_TRUE(readme);
    const Config defaults;
    std::size_t keys = 0;
    for (std::string line; std::getline(readme, line);) {
        if (!line.starts_with("| `")) continue;
        // | `key` | type | default | range | meaning |
        std::vector<std::string> cols;
        for (std::size_t at = 1, bar; (bar = line.find(" |", at)) != std::string::npos; at = bar + 2)
            cols.push_back(line.substr(at + 1, bar - at - 1));
        ASSERT_GE(cols.size(), 5u) << line;
        std::string key = cols[0].substr(1, cols[0].size() - 2);
        const std::string& type = cols[1];
        const std::string& def = cols[2];
        std::string value;
        if (type == "integer") {  // the default, else the range's low end
            value = def.substr(0, def.find_first_not_of("0123456789"));
            if (value.empty()) value = cols[3].substr(0, cols[3].find_first_not_of("0123456789"));
        } else if (type == "boolean") value = "true";
        else if (type == "list of IP") value = "[]";
        else if (type == "endpoint") value = key.find("local_") != std::string::npos ? "ipc:///tmp/x.ipc" : "tcp://*:7470";
        else if (type == "path") value = "/var/lib/sensord";
        else if (key.ends_with(".severity")) value = "low";
        else if (key == "transport.sensor_id") value = "sensor";
        else if (key == "capture.interface") value = "eth1";
        else value = "\"\"";
        ASSERT_FALSE(value.empty()) << line;
        if (const auto r = key.find("RULE-ID"); r != std::string::npos) key.replace(r, 7, "SVC-TELNET-OPEN");
        // a.b.c: v  ->  nested maps
        std::string yaml, indent;
        for (std::size_t at = 0;;) {
            const auto dot = key.find('.', at);
            yaml += indent + key.substr(at, dot == std::string::npos ? std::string::npos : dot - at) + ":";
            if (dot == std::string::npos) break;
            yaml += "\n";
            indent += "  ";
            at = dot + 1;
        }
        yaml += " " + value + "\n";
        auto c = load(yaml);
        EXPECT_TRUE(c) << key << ": " << c.error();
        ++keys;
        const std::map<std::string, std::string> compiled = {
            {"capture.workers", std::to_string(defaults.capture.workers)},
            {"capture.snaplen", std::to_string(defaults.capture.snaplen)},
            {"capture.buffer_mb", std::to_string(defaults.capture.buffer_mb)},
            {"capture.timeout_ms", std::to_string(defaults.capture.timeout_ms)},
            {"transport.pub_hwm", std::to_string(defaults.transport.pub_hwm)}};
        if (auto it = compiled.find(key); it != compiled.end()) {
            EXPECT_EQ(value, it->second) << key;
        }
    }
    EXPECT_GE(keys, 29u);
}

TEST_F(ConfigFile, CaptureKeysAndTheirErrors) {
    auto c = load("capture:\n  interface: eth1\n  workers: 4\n  promiscuous: false\n  filter: not port 22\n");
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->capture.interface, "eth1");
    EXPECT_EQ(c->capture.workers, 4u);
    EXPECT_FALSE(c->capture.promiscuous);
    EXPECT_EQ(c->capture.filter, "not port 22");
    EXPECT_EQ(load("capture:\n  snaplen: 10\n").error(), file + ":2: capture.snaplen: outside 64..262144");
    EXPECT_EQ(load("capture:\n  workers: two\n").error(), file + ":2: capture.workers: not an integer");
    EXPECT_EQ(load("capture:\n  promiscuous: maybe\n").error(), file + ":2: capture.promiscuous: not true/false");
    EXPECT_EQ(load("capture:\n  interface: [a]\n").error(), file + ":2: capture.interface: not a string");
    EXPECT_EQ(load("capture:\n  ring: 3\n").error(), file + ":2: capture.ring: unknown key");
    EXPECT_EQ(load("state_dir: relative/dir\n").error(), file + ":1: state_dir: not an absolute path");
}

}  // namespace
}  // namespace sensor
