// The stream end to end (WIRE-PROTOCOL.md, issue 5), over real sockets on
// loopback: `sensord --read FILE --serve` with CURVE keys made by
// `sensorctl keygen`, consumed by the Python example consumer (Debian's
// python3-zmq and python3-msgpack) and by sensorctl.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <thread>

#include "tests/integration/util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string sensorctl() { return std::string(SENSOR_BINARY_DIR) + "/transport/sensorctl"; }
std::string consumer() { return std::string(SENSOR_SOURCE_DIR) + "/tests/transport/consumer.py"; }

bool have_python_zmq() {
    return testutil::run("/usr/bin/python3 -c 'import zmq, msgpack; assert zmq.has(\"curve\")' 2>/dev/null").exit_code == 0;
}

struct Keys {
    fs::path dir, sensor_pub, alice, mallory;
};

Keys make_keys(const fs::path& root) {
    Keys k;
    k.dir = root / "keys";
    fs::create_directories(k.dir / "clients");
    EXPECT_EQ(testutil::run(sensorctl() + " keygen " + k.dir.string() + " sensor --role sensor").exit_code, 0);
    EXPECT_EQ(testutil::run(sensorctl() + " keygen " + (root / "alice").string() + " alice --role reader").exit_code, 0);
    EXPECT_EQ(testutil::run(sensorctl() + " keygen " + (root / "mallory").string() + " mallory --role controller").exit_code, 0);
    fs::copy_file(root / "alice" / "alice.key", k.dir / "clients" / "alice.key");  // only alice is allowed
    k.sensor_pub = k.dir / "sensor.key";
    k.alice = root / "alice" / "alice.key_secret";
    k.mallory = root / "mallory" / "mallory.key_secret";
    return k;
}

std::vector<json> without_rev(std::vector<json> recs) {
    for (auto& r : recs) r.erase("rev");
    return recs;
}

fs::path lab_capture(const fs::path& dir) {
    EXPECT_EQ(testutil::run(testutil::sitegen() + " --rule-lab --out " + dir.string() + " 2>/dev/null").exit_code, 0);
    return dir / "rules.pcap";
}

TEST(Stream, PythonConsumerEndsWithTheOfflineRecordsAndStrangersGetNothing) {
    if (!have_python_zmq()) GTEST_SKIP() << "python3-zmq with CURVE and python3-msgpack needed";
    const fs::path dir = testutil::scratch("stream");
    const Keys k = make_keys(dir);
    const fs::path pcap = lab_capture(dir);
    const std::string cfg = " --config " + (dir / "rules_config.yaml").string();
    auto offline = testutil::run(testutil::sensord() + " -q --json" + cfg + " -r " + pcap.string());
    ASSERT_EQ(offline.exit_code, 0);

    testutil::Served s(dir, "-q -r " + pcap.string() + cfg + " --serve --events tcp://127.0.0.1:* --control tcp://127.0.0.1:*" +
                      " --key-dir " + k.dir.string());
    std::string events, control;
    ASSERT_TRUE(s.wait_serving(events, control)) << s.err();
    const std::string conn = " --events " + events + " --control " + control + " --server-key " + k.sensor_pub.string();

    auto got = testutil::run("/usr/bin/python3 " + consumer() + conn + " --key " + k.alice.string() + " --idle 2");
    ASSERT_EQ(got.exit_code, 0) << got.out;
    EXPECT_EQ(without_rev(testutil::json_lines(got.out)), without_rev(testutil::json_lines(offline.out)));

    // A key that is not in clients/: no message at all, while alice still works.
    auto stranger = testutil::run("/usr/bin/python3 " + consumer() + conn + " --key " + k.mallory.string() +
                                  " --max-s 3 2>&1");
    EXPECT_NE(stranger.exit_code, 0);
    EXPECT_NE(stranger.out.find("no message from the sensor"), std::string::npos) << stranger.out;
    auto again = testutil::run(sensorctl() + conn + " --key " + k.alice.string() + " inventory --format json");
    ASSERT_EQ(again.exit_code, 0);
    EXPECT_EQ(without_rev(testutil::json_lines(again.out)), without_rev(testutil::json_lines(offline.out)));
    EXPECT_EQ(s.stop(), 0);
}

// Runs `cmd` (JSON lines out) until `ok` holds for its first record, up to 5 s:
// a controller's verdict reaches the record at the posture thread's next tick.
json poll_record(const std::string& cmd, const std::function<bool(const json&)>& ok) {
    json last;
    for (int i = 0; i < 100; ++i) {
        auto recs = testutil::json_lines(testutil::run(cmd).out);
        if (!recs.empty()) {
            last = recs[0];
            if (ok(last)) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return last;
}

bool has_verdict(const json& rec) { return rec.contains("posture") && rec["posture"].contains("verdict"); }

const json* find_id(const std::vector<json>& recs, const std::string& id) {
    for (const auto& r : recs)
        if (r["id"] == id) return &r;
    return nullptr;
}

TEST(Stream, RolesGateVerdictsAndForgettingAndVerdictsPersist) {
    const fs::path dir = testutil::scratch("stream-roles");
    const Keys k = make_keys(dir);
    ASSERT_EQ(testutil::run(sensorctl() + " keygen " + (dir / "carol").string() + " carol --role controller").exit_code, 0);
    fs::copy_file(dir / "carol" / "carol.key", k.dir / "clients" / "carol.key");
    const fs::path pcap = lab_capture(dir);
    const std::string state = " --state-dir " + (dir / "state").string();
    testutil::Served s(dir, "-q -r " + pcap.string() + state + " --serve --events tcp://127.0.0.1:* --control tcp://127.0.0.1:*" +
                      " --key-dir " + k.dir.string());
    std::string events, control;
    ASSERT_TRUE(s.wait_serving(events, control)) << s.err();
    const std::string conn = " --events " + events + " --control " + control + " --server-key " + k.sensor_pub.string();
    ASSERT_TRUE(s.wait_capture_ended()) << s.err();
    const std::string alice = sensorctl() + conn + " --key " + k.alice.string();
    const std::string carol = sensorctl() + conn + " --key " + (dir / "carol" / "carol.key_secret").string();
    auto inv = testutil::json_lines(testutil::run(alice + " inventory --format json").out);
    ASSERT_GE(inv.size(), 3u);
    const std::string id = inv[0]["id"], other = inv[1]["id"], timed = inv[2]["id"];

    // A reader may not set verdicts or forget devices: 403, and nothing changes.
    auto denied = testutil::run(alice + " verdict " + id + " quarantine --reason test 2>&1");
    EXPECT_NE(denied.exit_code, 0);
    EXPECT_NE(denied.out.find("status 403"), std::string::npos) << denied.out;
    EXPECT_NE(testutil::run(alice + " forget " + id + " 2>&1").out.find("status 403"), std::string::npos);

    // A controller may; the verdict shows in posture.verdict with who set it.
    ASSERT_EQ(testutil::run(carol + " verdict " + id + " quarantine --reason 'rogue DHCP'").exit_code, 0);
    const json got = poll_record(alice + " get " + id, has_verdict);
    ASSERT_TRUE(has_verdict(got)) << got.dump();
    EXPECT_EQ(got["posture"]["verdict"]["state"], "quarantine");
    EXPECT_EQ(got["posture"]["verdict"]["by"], "carol");
    EXPECT_EQ(got["posture"]["verdict"]["reason"], "rogue DHCP");
    EXPECT_GT(got["rev"].get<std::uint64_t>(), inv[0]["rev"].get<std::uint64_t>()) << "published anew";

    // A verdict with a ttl shows, then ends by itself.
    ASSERT_EQ(testutil::run(carol + " verdict " + timed + " restrict --ttl-s 1").exit_code, 0);
    EXPECT_TRUE(has_verdict(poll_record(alice + " get " + timed, has_verdict)));
    EXPECT_FALSE(has_verdict(poll_record(alice + " get " + timed, [](const json& r) { return !has_verdict(r); })));

    ASSERT_EQ(testutil::run(carol + " forget " + other + " --reason decommissioned").exit_code, 0);
    auto gone = testutil::run(alice + " get " + other + " 2>&1");
    EXPECT_NE(gone.exit_code, 0);
    EXPECT_NE(gone.out.find("status 404"), std::string::npos) << gone.out;
    EXPECT_EQ(testutil::json_lines(testutil::run(alice + " inventory --format json").out).size(), inv.size() - 1);
    auto unknown = testutil::run(carol + " verdict mac:00:00:00:00:00:01 allow 2>&1");
    EXPECT_NE(unknown.out.find("status 404"), std::string::npos) << unknown.out;
    EXPECT_EQ(s.stop(), 0);

    // The verdict is stored with the device: a restart from the same state
    // directory still has it (and not the expired one).
    auto again = testutil::run(testutil::sensord() + " -q --json -r " + pcap.string() + state);
    ASSERT_EQ(again.exit_code, 0);
    const auto recs = testutil::json_lines(again.out);
    const json* kept = find_id(recs, id);
    ASSERT_NE(kept, nullptr);
    ASSERT_TRUE(has_verdict(*kept)) << kept->dump();
    EXPECT_EQ((*kept)["posture"]["verdict"]["state"], "quarantine");
    EXPECT_EQ((*kept)["posture"]["verdict"]["by"], "carol");
    EXPECT_EQ((*kept)["posture"]["verdict"]["ts"], got["posture"]["verdict"]["ts"]);
    const json* ended = find_id(recs, timed);
    ASSERT_NE(ended, nullptr);
    EXPECT_FALSE(has_verdict(*ended));
}

TEST(Stream, SighupReloadsTheClientKeys) {
    if (!have_python_zmq()) GTEST_SKIP() << "python3-zmq with CURVE and python3-msgpack needed";
    const fs::path dir = testutil::scratch("stream-hup");
    const Keys k = make_keys(dir);
    const fs::path pcap = lab_capture(dir);
    testutil::Served s(dir, "-q -r " + pcap.string() + " --serve --events tcp://127.0.0.1:* --control tcp://127.0.0.1:*" +
                      " --key-dir " + k.dir.string());
    std::string events, control;
    ASSERT_TRUE(s.wait_serving(events, control)) << s.err();
    ASSERT_TRUE(s.wait_capture_ended()) << s.err();
    const std::string conn = " --events " + events + " --control " + control + " --server-key " + k.sensor_pub.string();
    auto consume = [&](const fs::path& key) {
        return testutil::run("/usr/bin/python3 " + consumer() + conn + " --key " + key.string() +
                             " --idle 1 --max-s 4 2>&1");
    };
    ASSERT_EQ(consume(k.alice).exit_code, 0);
    // Revoke alice, admit mallory, SIGHUP: new handshakes see the new list.
    fs::remove(k.dir / "clients" / "alice.key");
    fs::copy_file(dir / "mallory" / "mallory.key", k.dir / "clients" / "mallory.key");
    ASSERT_TRUE(s.hup());
    for (int i = 0; i < 600 && s.err().find("client keys reloaded") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_NE(s.err().find("client keys reloaded"), std::string::npos) << s.err();
    auto refused = consume(k.alice);
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.out.find("no message from the sensor"), std::string::npos) << refused.out;
    auto admitted = consume(k.mallory);
    EXPECT_EQ(admitted.exit_code, 0) << admitted.out;
    EXPECT_EQ(s.stop(), 0);
}

// A short directory for ipc sockets (a Unix socket path is limited to 107
// bytes; the build tree may be deep).
fs::path ipc_dir() {
    char tmpl[] = "/tmp/sensord-ipc-XXXXXX";
    const char* d = mkdtemp(tmpl);
    EXPECT_NE(d, nullptr);
    return d ? fs::path(d) : fs::path("/tmp");
}

// transport.local_events / local_control: an ipc pair for on-box tools,
// next to the TCP endpoints, CURVE too (the same sockets), mode 0660. And a
// sensor run --insecure on ipc only, for local experiments.
TEST(Stream, IpcEndpointsServeOnBoxTools) {
    const fs::path dir = testutil::scratch("stream-ipc");
    const fs::path sock = ipc_dir();
    const Keys k = make_keys(dir);
    const fs::path pcap = lab_capture(dir);
    {
        std::ofstream cfg(dir / "ipc.yaml");
        cfg << "transport:\n  local_events: ipc://" << (sock / "events").string() << "\n  local_control: ipc://"
            << (sock / "control").string() << "\n";
    }
    testutil::Served s(dir, "-q -r " + pcap.string() + " --config " + (dir / "ipc.yaml").string() +
                      " --serve --events tcp://127.0.0.1:* --control tcp://127.0.0.1:* --key-dir " + k.dir.string());
    std::string events, control;
    ASSERT_TRUE(s.wait_serving(events, control)) << s.err();
    ASSERT_TRUE(s.wait_capture_ended()) << s.err();
    const std::string key = " --key " + k.alice.string() + " --server-key " + k.sensor_pub.string();
    const std::string ipc = " --events ipc://" + (sock / "events").string() + " --control ipc://" + (sock / "control").string();
    auto by_tcp = testutil::run(sensorctl() + " --events " + events + " --control " + control + key + " inventory --format json");
    auto by_ipc = testutil::run(sensorctl() + ipc + key + " inventory --format json");
    ASSERT_EQ(by_ipc.exit_code, 0) << by_ipc.out;
    EXPECT_FALSE(testutil::json_lines(by_ipc.out).empty());
    EXPECT_EQ(testutil::json_lines(by_ipc.out), testutil::json_lines(by_tcp.out));
    for (const char* f : {"events", "control"})
        EXPECT_EQ(fs::status(sock / f).permissions() & fs::perms::all,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::group_write)
            << f;
    // The follower over ipc: a snapshot, then the stream (watch exits at --max-s).
    auto watched = testutil::run(sensorctl() + ipc + key + " --timeout-ms 4000 watch --duration 6 2>&1");
    EXPECT_NE(watched.out.find("\"kind\":\"snapshot\""), std::string::npos) << watched.out;
    // Without CURVE keys the ipc pair answers nothing.
    auto bare = testutil::run(sensorctl() + ipc + " --insecure --timeout-ms 1000 inventory 2>&1");
    EXPECT_NE(bare.exit_code, 0) << bare.out;
    EXPECT_EQ(s.stop(), 0);

    // --insecure with ipc endpoints only: no keys on either side.
    const fs::path dir2 = testutil::scratch("stream-ipc-insecure");
    const std::string ipc2 = " --events ipc://" + (sock / "e2").string() + " --control ipc://" + (sock / "c2").string();
    testutil::Served open(dir2, "-q -r " + pcap.string() + " --serve --insecure" + ipc2);
    ASSERT_TRUE(open.wait_serving(events, control)) << open.err();
    EXPECT_EQ(events, "ipc://" + (sock / "e2").string());
    ASSERT_TRUE(open.wait_capture_ended()) << open.err();
    auto plain = testutil::run(sensorctl() + ipc2 + " --insecure inventory --format json");
    ASSERT_EQ(plain.exit_code, 0) << plain.out;
    EXPECT_EQ(testutil::json_lines(plain.out), testutil::json_lines(by_tcp.out));
    EXPECT_EQ(open.stop(), 0);
    fs::remove_all(sock);
}

TEST(Stream, RefusesToStartWithoutItsZapHandler) {
    const fs::path dir = testutil::scratch("stream-nozap");
    const Keys k = make_keys(dir);
    const fs::path pcap = lab_capture(dir);
    auto r = testutil::run(testutil::sensord() + " -q -r " + pcap.string() +
                           " --serve --events tcp://127.0.0.1:* --control tcp://127.0.0.1:* --key-dir " +
                           k.dir.string() + " --fault-no-zap 2>&1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("self-test"), std::string::npos) << r.out;
}

TEST(Stream, InsecureIsRefusedOffLoopback) {
    const fs::path dir = testutil::scratch("stream-insecure");
    const fs::path pcap = lab_capture(dir);
    auto r = testutil::run(testutil::sensord() + " -q -r " + pcap.string() +
                           " --serve --insecure --events tcp://0.0.0.0:* --control tcp://127.0.0.1:* 2>&1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("only loopback and ipc"), std::string::npos) << r.out;
}

}  // namespace
