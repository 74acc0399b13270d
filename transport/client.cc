// transport/client.cc
// See client.h.
#include "transport/client.h"

#include <chrono>
#include <deque>
#include <thread>
#include <zmq.hpp>

#include "transport/codec.h"
#include "transport/security.h"

namespace transport {

using posture::Map;
using posture::Value;

namespace {

constexpr int kSubMaxMsg = 1 << 20;     // §8
constexpr int kDealerMaxMsg = 8 << 20;  // §8
constexpr std::uint64_t kStaleMs = 3000;

std::uint64_t mono_ms() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

const Value* field(const Map& m, std::string_view k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}
std::uint64_t uint_of(const Map& m, std::string_view k) {
    const Value* v = field(m, k);
    if (!v) return 0;
    if (const auto* u = std::get_if<std::uint64_t>(&v->v)) return *u;
    if (const auto* i = std::get_if<std::int64_t>(&v->v); i && *i >= 0) return static_cast<std::uint64_t>(*i);
    return 0;
}
std::string str_of(const Map& m, std::string_view k) {
    const Value* v = field(m, k);
    const std::string* s = v ? v->as_string() : nullptr;
    return s ? *s : std::string();
}

struct Keys {
    std::string server_public, public_key, secret_key;
};

std::expected<std::optional<Keys>, std::string> load_keys(const ClientConfig& cfg) {
    if (cfg.insecure) return std::optional<Keys>{};
    auto mine = load_cert(cfg.key);
    if (!mine) return std::unexpected(mine.error());
    if (mine->secret_z85.empty()) return std::unexpected(cfg.key.string() + ": no secret-key (use the .key_secret file)");
    auto server = load_cert(cfg.server_key);
    if (!server) return std::unexpected(server.error());
    return std::optional<Keys>{Keys{server->public_z85, mine->public_z85, mine->secret_z85}};
}

void apply_curve(zmq::socket_t& s, const std::optional<Keys>& k) {
    if (!k) return;
    s.set(zmq::sockopt::curve_serverkey, k->server_public);
    s.set(zmq::sockopt::curve_publickey, k->public_key);
    s.set(zmq::sockopt::curve_secretkey, k->secret_key);
}

void common_options(zmq::socket_t& s) {
    s.set(zmq::sockopt::linger, 0);
    s.set(zmq::sockopt::heartbeat_ivl, 5000);
    s.set(zmq::sockopt::heartbeat_timeout, 15000);
    s.set(zmq::sockopt::reconnect_ivl, 500);
    s.set(zmq::sockopt::reconnect_ivl_max, 30000);
    s.set(zmq::sockopt::tcp_keepalive, 1);
}

}  // namespace

struct ControlClient::Impl {
    ClientConfig cfg;
    std::optional<Keys> keys;
    zmq::context_t ctx{1};
    std::unique_ptr<zmq::socket_t> dealer;
    std::uint64_t next_id = 1;

    void fresh_dealer() {
        dealer = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::dealer);
        common_options(*dealer);
        dealer->set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(kDealerMaxMsg));
        apply_curve(*dealer, keys);
        // A DEALER without a ready peer (none yet, or its CURVE handshake
        // refused) blocks a send: bounded by the request timeout, so a client
        // never hangs (WIRE-PROTOCOL §6: clients MUST time out).
        dealer->set(zmq::sockopt::sndtimeo, cfg.timeout_ms);
        dealer->connect(cfg.control);
    }

    // False when the request could not be handed to a peer in time.
    [[nodiscard]] bool send(const Value& req) {
        const std::string payload = to_msgpack(req);
        if (!dealer->send(zmq::message_t(), zmq::send_flags::sndmore)) return false;
        return dealer->send(zmq::buffer(payload), zmq::send_flags::none).has_value();
    }

    // The next reply with `id`, waiting at most `timeout_ms`.
    std::expected<Value, std::string> receive(std::uint64_t id, int timeout_ms) {
        const std::uint64_t deadline = mono_ms() + static_cast<std::uint64_t>(timeout_ms);
        while (true) {
            const std::uint64_t now = mono_ms();
            if (now >= deadline) return std::unexpected("timeout");
            zmq::pollitem_t items[] = {{dealer->handle(), 0, ZMQ_POLLIN, 0}};
            zmq::poll(items, 1, std::chrono::milliseconds(deadline - now));
            if (!(items[0].revents & ZMQ_POLLIN)) continue;
            std::vector<zmq::message_t> parts;
            do {
                zmq::message_t m;
                (void)dealer->recv(m, zmq::recv_flags::none);
                parts.push_back(std::move(m));
            } while (dealer->get(zmq::sockopt::rcvmore));
            if (parts.size() != 2) continue;
            auto v = from_msgpack(parts[1].to_string_view(), kWireLimits);
            if (!v) return std::unexpected("undecodable reply: " + v.error());
            const Map* m = v->as_map();
            if (!m || uint_of(*m, "id") != id) continue;  // a late reply to an abandoned request
            return std::move(*v);
        }
    }

    Value make_request(std::string_view op, Value args, std::uint64_t id) {
        Map req;
        req["v"] = std::uint64_t{1};
        req["id"] = id;
        req["op"] = std::string(op);
        if (!args.is_null()) req["args"] = std::move(args);
        return Value(std::move(req));
    }
};

ControlClient::ControlClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ControlClient::~ControlClient() = default;

std::expected<std::unique_ptr<ControlClient>, std::string> ControlClient::connect(const ClientConfig& cfg) {
    auto impl = std::make_unique<Impl>();
    impl->cfg = cfg;
    auto k = load_keys(cfg);
    if (!k) return std::unexpected(k.error());
    impl->keys = std::move(*k);
    try {
        impl->fresh_dealer();
    } catch (const zmq::error_t& e) {
        return std::unexpected(std::string("cannot connect to ") + cfg.control + ": " + e.what());
    }
    return std::unique_ptr<ControlClient>(new ControlClient(std::move(impl)));
}

std::expected<Value, std::string> ControlClient::request(std::string_view op, Value args) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        const std::uint64_t id = impl_->next_id++;
        auto r = impl_->send(impl_->make_request(op, args, id))
                     ? impl_->receive(id, impl_->cfg.timeout_ms)
                     : std::expected<Value, std::string>(std::unexpected("timeout"));
        if (r) return r;
        if (r.error() != "timeout") return r;
        impl_->fresh_dealer();  // §6: retry on a fresh DEALER
    }
    return std::unexpected("no reply from " + impl_->cfg.control + " (timeout)");
}

std::expected<ControlClient::SnapshotEnd, std::string> ControlClient::snapshot(
    const std::function<void(const Value&)>& item, Value args) {
    const std::uint64_t id = impl_->next_id++;
    if (!impl_->send(impl_->make_request("snapshot", std::move(args), id))) {
        impl_->fresh_dealer();
        return std::unexpected("snapshot: timeout (no peer took the request)");
    }
    while (true) {
        auto r = impl_->receive(id, impl_->cfg.timeout_ms);
        if (!r) {
            impl_->fresh_dealer();
            return std::unexpected("snapshot: " + r.error());
        }
        const Map& m = *r->as_map();
        const std::uint64_t status = uint_of(m, "status");
        if (status != 200) return std::unexpected("snapshot: status " + std::to_string(status) + " " + str_of(m, "error"));
        const Value* res = field(m, "result");
        const Map* rm = res ? res->as_map() : nullptr;
        if (!rm) return std::unexpected("snapshot: reply without result");
        const std::string kind = str_of(*rm, "kind");
        if (kind == "snapshot.chunk") {
            if (const Value* items = field(*rm, "items"))
                if (const auto* a = items->as_array())
                    for (const auto& rec : *a) item(rec);
        } else if (kind == "snapshot.end") {
            return SnapshotEnd{uint_of(*rm, "epoch"), uint_of(*rm, "seq"), uint_of(*rm, "count")};
        } else {
            return std::unexpected("snapshot: unexpected kind '" + kind + "'");
        }
    }
}

struct Follower::Impl {
    ClientConfig cfg;
    std::optional<Keys> keys;
    zmq::context_t ctx{1};
    std::unique_ptr<zmq::socket_t> sub;
    std::unique_ptr<ControlClient> control;
    std::map<std::string, Value> state;
    std::uint64_t epoch = 0, last = 0, resyncs = 0;
    std::deque<std::uint64_t> recent_resyncs;

    // One message from the SUB socket within `ms`, decoded; nullopt on timeout.
    std::optional<std::pair<std::string, Value>> next(int ms) {
        zmq::pollitem_t items[] = {{sub->handle(), 0, ZMQ_POLLIN, 0}};
        zmq::poll(items, 1, std::chrono::milliseconds(ms));
        if (!(items[0].revents & ZMQ_POLLIN)) return std::nullopt;
        std::vector<zmq::message_t> parts;
        do {
            zmq::message_t m;
            (void)sub->recv(m, zmq::recv_flags::none);
            parts.push_back(std::move(m));
        } while (sub->get(zmq::sockopt::rcvmore));
        if (parts.size() != 2) return std::pair<std::string, Value>{"", Value()};
        auto v = from_msgpack(parts[1].to_string_view(), kWireLimits);
        if (!v || !v->as_map()) return std::pair<std::string, Value>{"", Value()};
        return std::pair<std::string, Value>{parts[0].to_string(), std::move(*v)};
    }

    // `why` empty: the first snapshot. Otherwise the snapshot request tells
    // the sensor the reason and how many events were missed (`missed`, when
    // known), which the sensor counts in sensor.health.
    std::expected<void, std::string> resync(const Sink& sink, const std::string& why, std::string_view reason = {},
                                            std::uint64_t missed = 0) {
        if (!why.empty()) {
            ++resyncs;
            const std::uint64_t now = mono_ms();
            recent_resyncs.push_back(now);
            while (!recent_resyncs.empty() && now - recent_resyncs.front() > 60'000) recent_resyncs.pop_front();
            sink(Event{"resync", "", why, nullptr});
            // > 3 resyncs a minute: back off (the consumer is too slow or the HWM too small).
            if (recent_resyncs.size() > 3) {
                const std::uint64_t backoff = std::min<std::uint64_t>(60'000, 1000ULL << std::min<std::size_t>(recent_resyncs.size() - 3, 6));
                std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
            }
        }
        Value args;
        if (!reason.empty()) {
            Map report;
            report["reason"] = std::string(reason);
            report["missed"] = missed;
            Map a;
            a["x_resync"] = Value(std::move(report));
            args = Value(std::move(a));
        }
        std::map<std::string, Value> fresh;
        auto end = control->snapshot(
            [&](const Value& rec) {
                if (const Map* m = rec.as_map()) fresh[str_of(*m, "id")] = rec;
            },
            std::move(args));
        if (!end) return std::unexpected(end.error());
        state = std::move(fresh);
        epoch = end->epoch;
        last = end->seq;
        sink(Event{"snapshot", "", std::to_string(state.size()) + " records at seq " + std::to_string(last), nullptr});
        return {};
    }
};

Follower::Follower(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Follower::~Follower() = default;

std::expected<std::unique_ptr<Follower>, std::string> Follower::connect(const ClientConfig& cfg) {
    auto impl = std::make_unique<Impl>();
    impl->cfg = cfg;
    auto k = load_keys(cfg);
    if (!k) return std::unexpected(k.error());
    impl->keys = std::move(*k);
    auto c = ControlClient::connect(cfg);
    if (!c) return std::unexpected(c.error());
    impl->control = std::move(*c);
    try {
        impl->sub = std::make_unique<zmq::socket_t>(impl->ctx, zmq::socket_type::sub);
        common_options(*impl->sub);
        impl->sub->set(zmq::sockopt::rcvhwm, cfg.rcvhwm);
        impl->sub->set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(kSubMaxMsg));
        apply_curve(*impl->sub, impl->keys);
        impl->sub->set(zmq::sockopt::subscribe, "device.");
        impl->sub->set(zmq::sockopt::subscribe, "sensor.");
        impl->sub->connect(cfg.events);
    } catch (const zmq::error_t& e) {
        return std::unexpected(std::string("cannot connect to ") + cfg.events + ": " + e.what());
    }
    return std::unique_ptr<Follower>(new Follower(std::move(impl)));
}

std::expected<void, std::string> Follower::run(const Sink& sink, const std::function<bool()>& stop) {
    Impl& f = *impl_;
    // §5.2: the first message of any kind proves the subscription is live.
    while (true) {
        if (stop()) return {};
        if (f.next(100)) break;
    }
    if (auto r = f.resync(sink, ""); !r) return r;
    std::uint64_t last_msg = mono_ms();
    bool stale = false;
    while (!stop()) {
        auto msg = f.next(100);
        if (!msg) {
            if (!stale && mono_ms() - last_msg > kStaleMs) {
                stale = true;
                sink(Event{"stale", "", "no message for 3 s", nullptr});
            }
            continue;
        }
        last_msg = mono_ms();
        stale = false;
        const auto& [topic, v] = *msg;
        const Map* env = v.as_map();
        if (!env || uint_of(*env, "v") != 1) continue;  // another major: ignored (§9)
        const std::uint64_t epoch = uint_of(*env, "epoch"), seq = uint_of(*env, "seq");
        std::string why, reason;
        std::uint64_t missed = 0;
        if (epoch != f.epoch) {
            why = reason = "epoch changed";
        } else if (topic.starts_with("sensor.")) {
            if (topic == "sensor.health" && seq > f.last) {
                why = "tail loss: health announces seq " + std::to_string(seq);
                reason = "tail";
                missed = seq - f.last;
            }
        } else if (topic.starts_with("device.")) {
            if (seq <= f.last) continue;
            if (seq > f.last + 1) {
                why = "gap: seq " + std::to_string(seq) + " after " + std::to_string(f.last);
                reason = "gap";
                missed = seq - f.last - 1;
            } else {
                f.last = seq;
                const Value* body = field(*env, "body");
                const Map* b = body ? body->as_map() : nullptr;
                if (b) {
                    const std::string id = str_of(*b, "id");
                    if (topic == "device.gone") f.state.erase(id);
                    else f.state[id] = *body;
                }
                sink(Event{"event", topic, "", body});
                continue;
            }
        }
        if (!why.empty())
            if (auto r = f.resync(sink, why, reason, missed); !r) return r;
    }
    return {};
}

const std::map<std::string, Value>& Follower::state() const noexcept { return impl_->state; }
std::uint64_t Follower::epoch() const noexcept { return impl_->epoch; }
std::uint64_t Follower::last_seq() const noexcept { return impl_->last; }
std::uint64_t Follower::resyncs() const noexcept { return impl_->resyncs; }

}  // namespace transport
