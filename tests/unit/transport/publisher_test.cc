// The publisher and the consumer algorithm (transport/publisher.h,
// transport/client.h) over real ZeroMQ sockets on loopback (--insecure mode;
// CURVE is covered by security_test.cc and the sensord stream test): a late
// joiner, a stalled consumer past the high-water mark, a sensor restart with a
// new epoch, and hostile requests.
#include "transport/publisher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <zmq.hpp>

#include "transport/client.h"
#include "transport/codec.h"

namespace transport {
namespace {

using posture::Map;
using posture::Value;

Value record(const std::string& id, std::uint64_t n) {
    Map m;
    m["id"] = id;
    m["mac"] = id.substr(4);
    m["last_seen"] = std::uint64_t{1'700'000'000'000} + n;
    Map cls;
    cls["type"] = std::string("workstation");
    cls["confidence"] = 0.5;
    m["class"] = std::move(cls);
    Map p;
    p["risk"] = n % 100;
    p["level"] = std::string("low");
    p["findings"] = posture::Array{};
    m["posture"] = std::move(p);
    m["filler"] = std::string(200, 'x');  // ~300-byte records
    return Value(std::move(m));
}

std::string mac_id(std::uint64_t i) {
    char b[32];
    std::snprintf(b, sizeof b, "mac:02:00:00:%02x:%02x:%02x", unsigned(i >> 16 & 255), unsigned(i >> 8 & 255),
                  unsigned(i & 255));
    return b;
}

Update upsert(std::uint64_t i, std::uint64_t n, const char* topic = "device.update") {
    Update u;
    u.kind = Update::Kind::Upsert;
    u.topic = topic;
    u.id = mac_id(i);
    u.record = record(u.id, n);
    return u;
}

PublisherConfig local(std::uint64_t epoch = 0) {
    PublisherConfig c;
    c.insecure = true;
    c.events = "tcp://127.0.0.1:*";
    c.control = "tcp://127.0.0.1:*";
    c.software = "test";
    c.health_interval_ms = 200;
    c.epoch = epoch;
    return c;
}

ClientConfig client_of(const Publisher& p) {
    ClientConfig c;
    c.insecure = true;
    c.events = p.bound()[0];
    c.control = p.bound()[1];
    c.timeout_ms = 3000;
    return c;
}

// A state, canonically (records in id order, as JSON).
std::string dump(const std::map<std::string, Value>& state) {
    std::string out;
    for (const auto& [id, rec] : state) out += posture::to_json(rec) + "\n";
    return out;
}

// The publisher's state as a snapshot shows it.
std::map<std::string, Value> snapshot_of(const ClientConfig& cfg) {
    std::map<std::string, Value> out;
    auto c = ControlClient::connect(cfg);
    EXPECT_TRUE(c);
    auto end = (*c)->snapshot([&](const Value& v) { out[*v.as_map()->at("id").as_string()] = v; });
    EXPECT_TRUE(end) << (end ? "" : end.error());
    return out;
}

void wait_until(const std::function<bool()>& done, int ms = 10000) {
    for (int i = 0; i < ms / 10 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

// Runs a follower on a thread until told to stop.
struct Following {
    std::unique_ptr<Follower> f;
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> events{0}, snapshots{0};
    std::thread t;
    explicit Following(const ClientConfig& cfg) {
        auto c = Follower::connect(cfg);
        EXPECT_TRUE(c) << (c ? "" : c.error());
        f = std::move(*c);
    }
    void start() {
        t = std::thread([this] {
            auto r = f->run(
                [this](const Follower::Event& e) {
                    if (e.kind == "event") ++events;
                    if (e.kind == "snapshot") ++snapshots;
                },
                [this] { return stop.load(); });
            EXPECT_TRUE(r) << (r ? "" : r.error());
        });
    }
    ~Following() {
        stop = true;
        if (t.joinable()) t.join();
    }
};

TEST(Publisher, LateJoinerEndsWithTheSnapshotState) {
    auto p = Publisher::start(local());
    ASSERT_TRUE(p) << p.error();
    for (std::uint64_t i = 0; i < 300; ++i) ASSERT_TRUE((*p)->offer(upsert(i, 1, "device.new")));
    wait_until([&] { return (*p)->stats().seq == 300; });
    Following late(client_of(**p));
    late.start();
    wait_until([&] { return late.snapshots.load() > 0; });
    for (std::uint64_t i = 0; i < 300; i += 3) ASSERT_TRUE((*p)->offer(upsert(i, 2)));
    Update g;
    g.kind = Update::Kind::Gone;
    g.id = mac_id(7);
    g.reason = "aged_out";
    ASSERT_TRUE((*p)->offer(g));
    wait_until([&] { return late.f->last_seq() == 401; });
    late.stop = true;
    late.t.join();
    EXPECT_EQ(late.f->last_seq(), 401u);
    EXPECT_EQ(dump(late.f->state()), dump(snapshot_of(client_of(**p))));
    EXPECT_EQ(late.f->state().size(), 299u);
    EXPECT_FALSE(late.f->state().contains(mac_id(7)));
    // It kept up: no queue was ever full, nothing to resync for.
    EXPECT_EQ((*p)->stats().hwm_hits, 0u);
    EXPECT_EQ(late.f->resyncs(), 0u);
    EXPECT_EQ((*p)->stats().consumer_resyncs, 0u);
}

TEST(Publisher, StalledConsumerResyncsAndCaptureIsNeverBlocked) {
    PublisherConfig cfg = local();
    cfg.pub_hwm = 200;
    cfg.queue_capacity = 100'000;
    auto p = Publisher::start(cfg);
    ASSERT_TRUE(p) << p.error();
    for (std::uint64_t i = 0; i < 500; ++i) ASSERT_TRUE((*p)->offer(upsert(i, 0)));
    ClientConfig cc = client_of(**p);
    cc.rcvhwm = 100;
    // A consumer that follows, then stalls for 4 s inside its event handler.
    auto c = Follower::connect(cc);
    ASSERT_TRUE(c) << c.error();
    std::atomic<bool> stall{false}, stalled{false}, stop{false};
    std::thread t([&] {
        auto r = (*c)->run(
            [&](const Follower::Event& e) {
                if (e.kind == "event" && stall.exchange(false)) {
                    stalled = true;
                    std::this_thread::sleep_for(std::chrono::seconds(4));
                }
            },
            [&] { return stop.load(); });
        EXPECT_TRUE(r) << (r ? "" : r.error());
    });
    wait_until([&] { return (*c)->last_seq() == 500; });
    ASSERT_EQ((*c)->last_seq(), 500u);
    // (The first 500 may already have overflowed the tiny HWM while the
    // consumer connected: it took its snapshot after them anyway.)
    const std::uint64_t hits_before = (*p)->stats().hwm_hits;
    stall = true;
    ASSERT_TRUE((*p)->offer(upsert(0, 1)));
    wait_until([&] { return stalled.load(); });
    // 50,000 events (~20 MB) while it sleeps: far past both high-water marks
    // and the kernel's socket buffers. Offers never wait for it.
    const auto t0 = std::chrono::steady_clock::now();
    for (std::uint64_t n = 2; n < 102; ++n)
        for (std::uint64_t i = 0; i < 500; ++i) ASSERT_TRUE((*p)->offer(upsert(i, n)));
    const double offer_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(offer_s, 3.0) << "offers must not wait for a stalled subscriber";
    const std::uint64_t final_seq = 500 + 1 + 50'000;
    wait_until([&] { return (*c)->last_seq() == final_seq; }, 30000);
    stop = true;
    t.join();
    EXPECT_EQ((*c)->last_seq(), final_seq);
    // It lost events while stalled and found out by seq (a gap), then resynced.
    EXPECT_GE((*c)->resyncs(), 1u);
    EXPECT_EQ(dump((*c)->state()), dump(snapshot_of(cc)));
    EXPECT_EQ((*c)->state().size(), 500u);
    // The sensor's drop counters show the stall: it saw the full queue, and
    // the consumer reported what it missed when it resynced.
    const PublisherStats st = (*p)->stats();
    EXPECT_GT(st.hwm_hits, hits_before);
    EXPECT_EQ(st.consumer_resyncs, (*c)->resyncs());
    EXPECT_GT(st.consumer_missed, 0u);
    EXPECT_LE(st.consumer_missed, 50'000u);
}

TEST(Publisher, RestartWithANewEpochMakesTheFollowerResync) {
    auto a = Publisher::start(local(1111));
    ASSERT_TRUE(a) << a.error();
    for (std::uint64_t i = 0; i < 50; ++i) ASSERT_TRUE((*a)->offer(upsert(i, 1)));
    ClientConfig cc = client_of(**a);
    Following f(cc);
    f.start();
    wait_until([&] { return f.f->last_seq() == 50; });
    ASSERT_EQ(f.f->epoch(), 1111u);
    (*a)->stop(0);
    a->reset();
    // The restarted sensor, same endpoints, a new epoch and other records.
    PublisherConfig again = local(2222);
    again.events = cc.events;
    again.control = cc.control;
    auto b = Publisher::start(again);
    ASSERT_TRUE(b) << b.error();
    for (std::uint64_t i = 100; i < 130; ++i) ASSERT_TRUE((*b)->offer(upsert(i, 1)));
    wait_until([&] { return f.f->epoch() == 2222u && f.f->last_seq() == 30; }, 20000);
    f.stop = true;
    f.t.join();
    EXPECT_EQ(f.f->epoch(), 2222u);
    EXPECT_GE(f.f->resyncs(), 1u);
    EXPECT_EQ(dump(f.f->state()), dump(snapshot_of(cc)));
    EXPECT_EQ(f.f->state().size(), 30u);
}

// One raw request on a DEALER; the reply map, or null after 2 s.
Value raw_request(zmq::context_t& ctx, const std::string& ep, const std::string& payload) {
    zmq::socket_t d(ctx, zmq::socket_type::dealer);
    d.set(zmq::sockopt::linger, 0);
    d.connect(ep);
    d.send(zmq::message_t(), zmq::send_flags::sndmore);
    d.send(zmq::buffer(payload), zmq::send_flags::none);
    zmq::pollitem_t items[] = {{d.handle(), 0, ZMQ_POLLIN, 0}};
    zmq::poll(items, 1, std::chrono::milliseconds(2000));
    if (!(items[0].revents & ZMQ_POLLIN)) return {};
    zmq::message_t empty, body;
    (void)d.recv(empty);
    (void)d.recv(body);
    auto v = from_msgpack(body.to_string_view(), kWireLimits);
    return v ? *v : Value();
}

std::uint64_t status_of(const Value& v) {
    const Map* m = v.as_map();
    if (!m || !m->contains("status")) return 0;
    return std::get<std::uint64_t>(m->at("status").v);
}

std::string request(const char* op, Value args = {}) {
    Map m;
    m["v"] = std::uint64_t{1};
    m["id"] = std::uint64_t{9};
    m["op"] = std::string(op);
    if (!args.is_null()) m["args"] = std::move(args);
    return to_msgpack(Value(std::move(m)));
}

TEST(Publisher, HostileRequestsGetTheirStatusAndOthersAreStillServed) {
    auto p = Publisher::start(local());
    ASSERT_TRUE(p) << p.error();
    ASSERT_TRUE((*p)->offer(upsert(1, 1)));
    const std::string ep = (*p)->bound()[1];
    zmq::context_t ctx;
    EXPECT_EQ(status_of(raw_request(ctx, ep, "\xff\x00garbage")), 400u);
    const std::string ok = request("hello");
    EXPECT_EQ(status_of(raw_request(ctx, ep, ok.substr(0, ok.size() - 3))), 400u) << "truncated";
    EXPECT_EQ(status_of(raw_request(ctx, ep, request("format_disk"))), 400u);
    {
        posture::Array big(5000, Value(std::uint64_t{1}));  // an array over the 4096 decode limit
        Map args;
        args["id"] = std::move(big);
        EXPECT_EQ(status_of(raw_request(ctx, ep, request("get_device", Value(std::move(args))))), 413u);
    }
    {
        Map args;
        args["id"] = std::string("mac:nope");
        EXPECT_EQ(status_of(raw_request(ctx, ep, request("get_device", Value(std::move(args))))), 404u);
    }
    // Over ZMQ_MAXMSGSIZE (64 KiB): libzmq drops the connection, no reply.
    EXPECT_TRUE(raw_request(ctx, ep, std::string(70'000, 'A')).is_null());
    // And the sensor still serves everyone else.
    const Value hello = raw_request(ctx, ep, ok);
    ASSERT_EQ(status_of(hello), 200u);
    EXPECT_EQ(*hello.as_map()->at("result").as_map()->at("software").as_string(), "test");
    EXPECT_GE((*p)->stats().bad_requests, 4u);
}

TEST(Publisher, RateLimitAnswers429WithRetryAfter) {
    auto p = Publisher::start(local());
    ASSERT_TRUE(p) << p.error();
    zmq::context_t ctx;
    zmq::socket_t d(ctx, zmq::socket_type::dealer);
    d.set(zmq::sockopt::linger, 0);
    d.connect((*p)->bound()[1]);
    const std::string hello = request("hello");
    for (int i = 0; i < 40; ++i) {
        d.send(zmq::message_t(), zmq::send_flags::sndmore);
        d.send(zmq::buffer(hello), zmq::send_flags::none);
    }
    int ok = 0, limited = 0;
    for (int i = 0; i < 40; ++i) {
        zmq::pollitem_t items[] = {{d.handle(), 0, ZMQ_POLLIN, 0}};
        zmq::poll(items, 1, std::chrono::milliseconds(2000));
        ASSERT_TRUE(items[0].revents & ZMQ_POLLIN);
        zmq::message_t e, b;
        (void)d.recv(e);
        (void)d.recv(b);
        const Value v = *from_msgpack(b.to_string_view(), kWireLimits);
        const auto s = status_of(v);
        if (s == 200) ++ok;
        if (s == 429) {
            ++limited;
            EXPECT_TRUE(v.as_map()->contains("retry_after_ms"));
        }
    }
    EXPECT_GE(ok, 20);
    EXPECT_GE(limited, 1);
    EXPECT_EQ(ok + limited, 40);
}

TEST(Publisher, InsecureOnlyOnLoopbackOrIpc) {
    PublisherConfig c = local();
    c.events = "tcp://0.0.0.0:*";
    auto p = Publisher::start(c);
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().find("only loopback and ipc"), std::string::npos) << p.error();
    EXPECT_TRUE(is_local_endpoint("tcp://127.0.0.1:7470"));
    EXPECT_TRUE(is_local_endpoint("ipc:///run/sensord/events.ipc"));
    EXPECT_FALSE(is_local_endpoint("tcp://10.0.0.1:7470"));
}

}  // namespace
}  // namespace transport
