// transport_rate: events/s through the sensor's publisher (CURVE, full
// envelope, ~300-byte records, decoded by a CURVE subscriber) against a bare
// libzmq PUB -> SUB loop with the same payload size, measured in the same run
// on loopback (issue 5). Prints the figures and their ratio.
//
//   transport_rate [--events N (200000)] [--rounds R (3)]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <unistd.h>
#include <zmq.hpp>

#include "transport/codec.h"
#include "transport/publisher.h"
#include "transport/security.h"

namespace {

using posture::Map;
using posture::Value;
namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Bare libzmq: PUB binds, SUB connects, N payloads of `bytes`, no security.
double bare_rate(std::size_t n, std::size_t bytes) {
    zmq::context_t ctx;
    zmq::socket_t pub(ctx, zmq::socket_type::pub), sub(ctx, zmq::socket_type::sub);
    pub.set(zmq::sockopt::sndhwm, 0);
    sub.set(zmq::sockopt::rcvhwm, 0);
    pub.bind("tcp://127.0.0.1:*");
    sub.set(zmq::sockopt::subscribe, "");
    sub.connect(pub.get(zmq::sockopt::last_endpoint));
    // Slow-joiner: wait until a probe arrives.
    for (;;) {
        pub.send(zmq::str_buffer("probe"), zmq::send_flags::none);
        zmq::message_t m;
        if (sub.recv(m, zmq::recv_flags::dontwait)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    while (true) {
        zmq::message_t m;
        if (!sub.recv(m, zmq::recv_flags::dontwait)) break;
    }
    const std::string topic = "device.update", payload(bytes, 'x');
    const auto t0 = std::chrono::steady_clock::now();
    std::thread rx([&] {
        for (std::size_t i = 0; i < n; ++i) {
            zmq::message_t t, p;
            (void)sub.recv(t);
            (void)sub.recv(p);
        }
    });
    for (std::size_t i = 0; i < n; ++i) {
        pub.send(zmq::buffer(topic), zmq::send_flags::sndmore);
        pub.send(zmq::buffer(payload), zmq::send_flags::none);
    }
    rx.join();
    return static_cast<double>(n) / seconds_since(t0);
}

Value record(std::size_t i) {
    Map m;
    char id[40];
    std::snprintf(id, sizeof id, "mac:02:00:%02x:%02x:%02x:%02x", unsigned(i >> 24 & 255), unsigned(i >> 16 & 255),
                  unsigned(i >> 8 & 255), unsigned(i & 255));
    m["id"] = std::string(id);
    m["mac"] = std::string(id + 4);
    m["mac_vendor"] = std::string("Intel Corporate");
    m["last_seen"] = std::uint64_t{1'767'603'600'000} + i;
    Map cls;
    cls["type"] = std::string("workstation");
    cls["confidence"] = 0.85;
    Map os;
    os["name"] = std::string("Windows");
    os["version"] = std::string("11");
    cls["os"] = std::move(os);
    m["class"] = std::move(cls);
    Map p;
    p["risk"] = std::uint64_t{40};
    p["level"] = std::string("medium");
    m["posture"] = std::move(p);
    m["ips"] = posture::Array{Value(std::string("10.1.2.3"))};
    m["hostname"] = std::string("DESKTOP-4RT8Q2L");
    return Value(std::move(m));
}

// The sensor's publisher with CURVE; a CURVE SUB decodes every envelope.
double publisher_rate(std::size_t n, const fs::path& keys, std::size_t* record_bytes) {
    transport::PublisherConfig cfg;
    cfg.events = "tcp://127.0.0.1:*";
    cfg.control = "tcp://127.0.0.1:*";
    cfg.key_dir = keys;
    cfg.pub_hwm = 0;  // count every event: nothing dropped in a benchmark
    cfg.queue_capacity = n + 16;
    cfg.software = "bench";
    auto pub = transport::Publisher::start(cfg);
    if (!pub) {
        std::fprintf(stderr, "transport_rate: %s\n", pub.error().c_str());
        std::exit(1);
    }
    auto mine = transport::load_cert(keys / "bench.key_secret");
    auto server = transport::load_cert(keys / "sensor.key");
    if (!mine || !server) std::exit(1);
    zmq::context_t ctx;
    zmq::socket_t sub(ctx, zmq::socket_type::sub);
    sub.set(zmq::sockopt::rcvhwm, 0);
    sub.set(zmq::sockopt::curve_serverkey, server->public_z85);
    sub.set(zmq::sockopt::curve_publickey, mine->public_z85);
    sub.set(zmq::sockopt::curve_secretkey, mine->secret_z85);
    sub.set(zmq::sockopt::subscribe, "device.");
    sub.set(zmq::sockopt::subscribe, "sensor.health");
    sub.connect((*pub)->bound()[0]);
    // Joined once the first health message arrives.
    for (;;) {
        zmq::message_t t, p;
        (void)sub.recv(t);
        (void)sub.recv(p);
        if (t.to_string_view() == "sensor.health") break;
    }
    *record_bytes = transport::to_msgpack(record(1)).size();
    const auto t0 = std::chrono::steady_clock::now();
    std::thread rx([&] {
        std::size_t got = 0;
        while (got < n) {
            zmq::message_t t, p;
            (void)sub.recv(t);
            (void)sub.recv(p);
            if (!t.to_string_view().starts_with("device.")) continue;
            auto v = transport::from_msgpack(p.to_string_view(), transport::kWireLimits);
            if (v) ++got;
        }
    });
    for (std::size_t i = 0; i < n; ++i) {
        transport::Update u;
        u.topic = "device.new";
        u.record = record(i);
        u.id = *u.record.as_map()->at("id").as_string();
        while (!(*pub)->offer(std::move(u))) std::this_thread::yield();
    }
    rx.join();
    const double rate = static_cast<double>(n) / seconds_since(t0);
    (*pub)->stop(0);
    return rate;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t n = 200'000;
    int rounds = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--events") n = std::stoul(argv[i + 1]);
        else if (a == "--rounds") rounds = std::stoi(argv[i + 1]);
    }
    const fs::path keys = fs::temp_directory_path() / ("transport_rate." + std::to_string(getpid()));
    fs::create_directories(keys / "clients");
    if (!transport::write_cert_pair(keys, "sensor", "sensor") || !transport::write_cert_pair(keys, "bench", "reader")) {
        std::fprintf(stderr, "transport_rate: cannot write keys\n");
        return 1;
    }
    fs::copy_file(keys / "bench.key", keys / "clients" / "bench.key");
    std::size_t record_bytes = 0;
    double best_bare = 0, best_pub = 0;
    for (int r = 0; r < rounds; ++r) {  // alternating, best of each
        (void)publisher_rate(n / 10, keys, &record_bytes);  // warm-up
        best_pub = std::max(best_pub, publisher_rate(n, keys, &record_bytes));
        best_bare = std::max(best_bare, bare_rate(n, record_bytes + 60));
    }
    fs::remove_all(keys);
    std::printf("transport_rate: %zu events, ~%zu-byte records, best of %d alternating rounds, loopback\n", n,
                record_bytes, rounds);
    std::printf("  %-48s %12.0f events/s\n", "bare libzmq PUB->SUB (no security, no encoding)", best_bare);
    std::printf("  %-48s %12.0f events/s\n", "sensor publisher, CURVE, msgpack envelope+decode", best_pub);
    std::printf("  ratio publisher / bare: %.2f\n", best_pub / best_bare);
    return 0;
}
