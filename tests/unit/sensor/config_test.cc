// sensord's configuration file (sensor/daemon/config.h).
#include "sensor/daemon/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

}  // namespace
}  // namespace sensor
