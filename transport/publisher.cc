// transport/publisher.cc
// See publisher.h. One thread owns every socket; the posture thread talks to
// it through the update queue and the command list (both under one mutex,
// held for a push or a swap only).
#include "transport/publisher.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <random>
#include <zmq.hpp>

#include "transport/codec.h"
#include "transport/security.h"

namespace transport {

using posture::Array;
using posture::Map;
using posture::Value;

namespace {

constexpr std::size_t kChunkRecords = 500;                  // §6
constexpr std::size_t kChunkBytes = 4u << 20;               // §6
constexpr std::uint64_t kSnapshotAbortMs = 10'000;          // §8
constexpr int kPubMaxMsg = 4 << 10;                         // §8: nothing is read from subscribers
constexpr int kRouterMaxMsg = 64 << 10;                     // §8
constexpr double kRequestsPerSecond = 20;                   // §6
constexpr std::size_t kSnapshotsPerMinute = 6;              // §6
constexpr std::size_t kMaxInventoryPage = 1000;             // §6
constexpr std::size_t kMaxClients = 4096;                   // rate-limit table
constexpr std::uint64_t kMaxVerdictTtlS = 10ULL * 365 * 86'400;  // longer is "forever" in all but name

std::uint64_t wall_ms() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
}

std::uint64_t mono_ms() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

Map* mut_map(Value& v) { return std::get_if<Map>(&v.v); }

const Value* field(const Map& m, std::string_view k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}
const std::string* str_field(const Map& m, std::string_view k) {
    const Value* v = field(m, k);
    return v ? v->as_string() : nullptr;
}
std::optional<std::uint64_t> uint_field(const Map& m, std::string_view k) {
    const Value* v = field(m, k);
    if (!v) return std::nullopt;
    if (const auto* u = std::get_if<std::uint64_t>(&v->v)) return *u;
    if (const auto* i = std::get_if<std::int64_t>(&v->v); i && *i >= 0) return static_cast<std::uint64_t>(*i);
    return std::nullopt;
}

}  // namespace

bool is_local_endpoint(std::string_view ep) {
    if (ep.starts_with("ipc://") || ep.starts_with("inproc://")) return true;
    if (!ep.starts_with("tcp://")) return false;
    ep.remove_prefix(6);
    return ep.starts_with("127.") || ep.starts_with("[::1]") || ep.starts_with("localhost:");
}

struct Publisher::Impl {
    PublisherConfig cfg;
    zmq::context_t ctx{1};
    std::unique_ptr<ZapHandler> zap;
    std::optional<Cert> sensor_cert;
    std::unique_ptr<zmq::socket_t> pub, router;
    std::vector<std::string> bound;

    // Shared with the posture thread.
    mutable std::mutex mu;
    std::deque<Update> queue;
    std::vector<Command> commands;
    Health health;
    PublisherStats shared_stats;
    bool stopping = false;
    std::uint64_t grace_ms = 1000;
    bool reload_requested = false;

    // Publisher thread only.
    std::thread thread;
    std::uint64_t epoch = 0, seq = 0;
    std::map<std::string, std::shared_ptr<const Value>, std::less<>> records;
    std::map<std::string, std::size_t, std::less<>> record_bytes;
    std::map<std::string, std::uint64_t, std::less<>> topic_counts;
    struct Client {
        double tokens = kRequestsPerSecond;
        std::uint64_t refill_ms = 0;
        std::deque<std::uint64_t> snapshots;  // start times within the last minute
        bool snapshot_in_flight = false;
        std::uint64_t last_ms = 0;
    };
    std::map<std::string, Client, std::less<>> clients;
    struct Snapshot {
        std::string routing_id;
        std::string client;
        std::uint64_t request_id = 0;
        std::vector<std::shared_ptr<const Value>> items;
        std::size_t next = 0;
        std::uint64_t seq = 0;
        std::uint64_t started_ms = 0;
        bool end_sent = false;
    };
    std::deque<Snapshot> snapshots;
    PublisherStats st;
    std::uint64_t started_ms = mono_ms();
    std::uint64_t next_health_ms = 0;
    std::string reopen_error;  // the last failed re-creation of the sockets (SIGHUP)
    std::string running_kb;    // the last kb_version set_health() gave (publisher thread)
    const std::string& kb_version() const { return running_kb.empty() ? cfg.kb_version : running_kb; }

    // --- sockets ---

    std::expected<void, std::string> open_sockets() {
        try {
            pub = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::xpub);
            router = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::router);
            for (auto* s : {pub.get(), router.get()}) {
                s->set(zmq::sockopt::linger, 0);
                s->set(zmq::sockopt::heartbeat_ivl, 5000);
                s->set(zmq::sockopt::heartbeat_timeout, 15000);
                s->set(zmq::sockopt::heartbeat_ttl, 15000);
                s->set(zmq::sockopt::handshake_ivl, 10000);
                s->set(zmq::sockopt::tcp_keepalive, 1);
                if (sensor_cert) make_curve_server(*s, *sensor_cert);
            }
            pub->set(zmq::sockopt::sndhwm, cfg.pub_hwm);
            pub->set(zmq::sockopt::xpub_nodrop, 1);  // the probe of send_pub(), never a wait
            pub->set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(kPubMaxMsg));
            router->set(zmq::sockopt::sndhwm, cfg.router_hwm);
            router->set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(kRouterMaxMsg));
            router->set(zmq::sockopt::router_mandatory, 1);
            bound.clear();
            auto bind = [&](zmq::socket_t& s, const std::string& ep) {
                s.bind(ep);
                const std::string last = s.get(zmq::sockopt::last_endpoint);
                if (ep.starts_with("ipc://")) ::chmod(ep.c_str() + 6, 0660);
                bound.push_back(last);
            };
            bind(*pub, cfg.events);
            bind(*router, cfg.control);
            if (!cfg.local_events.empty()) bind(*pub, cfg.local_events);
            if (!cfg.local_control.empty()) bind(*router, cfg.local_control);
        } catch (const zmq::error_t& e) {
            return std::unexpected(std::string("transport: cannot open sockets: ") + e.what());
        }
        return {};
    }

    // --- events ---

    Value envelope(std::string_view topic, std::uint64_t s, Value body) const {
        Map m;
        m["v"] = kWireMajor;
        m["topic"] = std::string(topic);
        m["sensor"] = cfg.sensor_id;
        m["epoch"] = epoch;
        m["seq"] = s;
        m["ts"] = wall_ms();
        m["body"] = std::move(body);
        return Value(std::move(m));
    }

    // One [topic][payload] message on the events socket, never waiting.
    //
    // The socket is an XPUB (a PUB on the wire) with XPUB_NODROP set, used
    // only as a probe: a send that some matching subscriber's full queue
    // refuses (EAGAIN, nothing sent) counts one hwm_hit, and the message goes
    // again at once in lossy mode, which drops it for the full queues only,
    // as a PUB does. libzmq then parks the full queue until its reader drains
    // it, so a hit marks the start of one subscriber's loss, not each message
    // lost; the consumer sees the rest by seq and reports it on resync
    // (x_resync, counted in consumer_missed).
    void send_pub(std::string_view topic, const std::string& payload) {
        if (!pub->send(zmq::buffer(topic), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
            ++st.hwm_hits;
            pub->set(zmq::sockopt::xpub_nodrop, 0);
            (void)pub->send(zmq::buffer(topic), zmq::send_flags::sndmore | zmq::send_flags::dontwait);
            pub->set(zmq::sockopt::xpub_nodrop, 1);
        }
        (void)pub->send(zmq::buffer(payload), zmq::send_flags::dontwait);
        ++st.published;
    }

    // Subscriptions arrive on an XPUB as messages: read and drop them.
    void drain_subscriptions() {
        zmq::message_t m;
        for (int n = 0; n < 1024 && pub->recv(m, zmq::recv_flags::dontwait); ++n) {
        }
    }

    // Returns the encoded envelope's size.
    std::size_t send_event(std::string_view topic, std::uint64_t s, Value body) {
        const std::string payload = to_msgpack(envelope(topic, s, std::move(body)));
        send_pub(topic, payload);
        ++topic_counts[std::string(topic)];
        return payload.size();
    }

    // The record as published: rev = this event's seq.
    static Value publishable(Value rec, std::uint64_t rev) {
        if (Map* m = mut_map(rec)) (*m)["rev"] = rev;
        return rec;
    }

    void publish_record(const std::string& topic, const std::string& id, Value rec) {
        const std::uint64_t s = ++seq;
        auto stored = std::make_shared<const Value>(publishable(std::move(rec), s));
        records[id] = stored;
        // The event's size bounds the record's (the envelope adds ~100 bytes):
        // what snapshot chunks are cut by, without encoding the record again.
        record_bytes[id] = send_event(topic, s, *stored);
    }

    void publish_gone(const std::string& id, std::string_view reason, std::string_view into,
                      std::uint64_t last_seen_ms) {
        auto it = records.find(id);
        if (it == records.end()) return;  // never published, or already gone
        const std::uint64_t s = ++seq;
        Map body;
        body["id"] = id;
        body["rev"] = s;
        body["reason"] = std::string(reason);
        if (!into.empty()) body["into"] = std::string(into);
        std::uint64_t ls = last_seen_ms;
        if (const Map* m = it->second->as_map(); m && ls == 0)
            if (auto v = uint_field(*m, "last_seen")) ls = *v;
        body["last_seen"] = ls;
        records.erase(it);
        record_bytes.erase(id);
        send_event("device.gone", s, Value(std::move(body)));
    }

    void apply(Update& u) {
        if (u.kind == Update::Kind::Gone) {
            publish_gone(u.id, u.reason, u.into, u.last_seen_ms);
            return;
        }
        std::string topic = u.topic;
        if (!records.contains(u.id)) topic = "device.new";
        else if (topic == "device.new") topic = "device.update";
        publish_record(topic, u.id, std::move(u.record));
    }

    void publish_health(const Health& h, bool force_state_stopping = false) {
        Map body;
        body["state"] = force_state_stopping ? std::string("stopping") : h.state;
        body["devices"] = static_cast<std::uint64_t>(records.size());
        body["schema"] = kSchema;
        body["software"] = cfg.software;
        if (!kb_version().empty()) body["kb_version"] = kb_version();
        body["uptime_s"] = (mono_ms() - started_ms) / 1000;
        Map cap;
        cap["pkts"] = h.packets;
        cap["drops"] = h.drops;
        body["capture"] = std::move(cap);
        if (h.x_capture.as_map()) body["x_capture"] = h.x_capture;
        Map tc;
        for (const auto& [t, n] : topic_counts) tc[t] = n;
        body["topic_counts"] = std::move(tc);
        Map x;
        x["queue_full"] = st.queue_full;
        x["rate_limited"] = st.rate_limited;
        x["snapshots_aborted"] = st.snapshots_aborted;
        x["hwm_hits"] = st.hwm_hits;
        x["consumer_resyncs"] = st.consumer_resyncs;
        x["consumer_missed"] = st.consumer_missed;
        if (!reopen_error.empty()) x["reopen_error"] = reopen_error;
        body["x_transport"] = std::move(x);
        // Not sequenced: it carries the last seq issued (§3).
        send_pub("sensor.health", to_msgpack(envelope("sensor.health", seq, Value(std::move(body)))));
    }

    // --- control ---

    struct Request {
        std::string routing_id;
        std::string user;  // ZAP User-Id, empty when none
        std::string payload;
        bool ipc = false;
    };

    bool send_reply(const std::string& rid, const Value& reply) {
        const std::string payload = to_msgpack(reply);
        try {
            if (!router->send(zmq::buffer(rid), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return false;
            (void)router->send(zmq::message_t(), zmq::send_flags::sndmore | zmq::send_flags::dontwait);
            return router->send(zmq::buffer(payload), zmq::send_flags::dontwait).has_value();
        } catch (const zmq::error_t&) {
            return false;  // EHOSTUNREACH: the client left
        }
    }

    Value reply(std::uint64_t id, int status, std::string error = {}, std::optional<Value> result = {}) {
        Map m;
        m["v"] = kWireMajor;
        m["id"] = id;
        m["status"] = static_cast<std::uint64_t>(status);
        if (!error.empty()) m["error"] = std::move(error);
        if (result) m["result"] = std::move(*result);
        return Value(std::move(m));
    }

    std::string role_of(const Request& r) const {
        if (!r.user.empty() && zap)
            if (auto c = zap->role_of(r.user)) return c->role;
        // Without CURVE (--insecure, loopback/ipc only) the endpoint is the
        // only gate: local experiments get every role.
        if (cfg.insecure) return "controller";
        return {};
    }

    // Token bucket per client; false: answer 429.
    bool admit(Client& c, std::uint64_t now, std::uint64_t* retry_after) {
        if (c.refill_ms == 0) c.refill_ms = now;
        c.tokens = std::min(kRequestsPerSecond, c.tokens + static_cast<double>(now - c.refill_ms) * kRequestsPerSecond / 1000.0);
        c.refill_ms = now;
        if (c.tokens < 1.0) {
            *retry_after = static_cast<std::uint64_t>((1.0 - c.tokens) * 1000.0 / kRequestsPerSecond) + 1;
            return false;
        }
        c.tokens -= 1.0;
        return true;
    }

    Client& client(const std::string& key, std::uint64_t now) {
        if (clients.size() >= kMaxClients && !clients.contains(key)) {
            // Forget the longest-idle client without a snapshot in flight.
            auto victim = clients.end();
            for (auto it = clients.begin(); it != clients.end(); ++it)
                if (!it->second.snapshot_in_flight && (victim == clients.end() || it->second.last_ms < victim->second.last_ms))
                    victim = it;
            if (victim != clients.end()) clients.erase(victim);
        }
        Client& c = clients[key];
        c.last_ms = now;
        return c;
    }

    void handle(const Request& r) {
        ++st.requests;
        const std::uint64_t now = mono_ms();
        auto v = from_msgpack(r.payload, kWireLimits);
        const Map* req = v ? v->as_map() : nullptr;
        std::uint64_t id = 0;
        if (req)
            if (auto i = uint_field(*req, "id")) id = *i;
        auto bad = [&](int status, std::string why) {
            if (status == 400 || status == 413) ++st.bad_requests;
            if (status == 403) ++st.denied;
            (void)send_reply(r.routing_id, reply(id, status, std::move(why)));
        };
        if (r.payload.size() > static_cast<std::size_t>(kRouterMaxMsg)) return bad(413, "request too large");
        // A request over a decode limit (an array of 5000, a 100 KiB string)
        // is too large (413); anything else that does not decode is bad (400).
        if (!v)
            return bad(v.error().find("exceeds") != std::string::npos ? 413 : 400, "undecodable request: " + v.error());
        if (!req) return bad(400, "request is not a map");
        const auto ver = uint_field(*req, "v");
        if (!ver || *ver != kWireMajor) return bad(400, "unsupported v");
        if (!uint_field(*req, "id")) return bad(400, "missing id");
        const std::string* op = str_field(*req, "op");
        if (!op) return bad(400, "missing op");
        const Value* args_v = field(*req, "args");
        static const Map kNoArgs;
        const Map* args = args_v ? args_v->as_map() : &kNoArgs;
        if (!args) return bad(400, "args is not a map");

        const std::string client_key = r.user.empty() ? "rid:" + r.routing_id : r.user;
        Client& c = client(client_key, now);
        std::uint64_t retry = 0;
        if (!admit(c, now, &retry)) {
            ++st.rate_limited;
            Value rep = reply(id, 429, "rate limited");
            (*mut_map(rep))["retry_after_ms"] = retry;
            (void)send_reply(r.routing_id, rep);
            return;
        }
        const std::string role = role_of(r);
        if (role.empty()) return bad(403, "no role for this connection");
        const bool controller = role == "controller";

        if (*op == "hello") {
            Map res;
            res["sensor"] = cfg.sensor_id;
            res["epoch"] = epoch;
            res["seq"] = seq;
            res["schema"] = kSchema;
            res["majors"] = Array{Value(kWireMajor)};
            res["software"] = cfg.software;
            if (!kb_version().empty()) res["kb_version"] = kb_version();
            res["role"] = role;
            Map lim;
            lim["requests_per_s"] = static_cast<std::uint64_t>(kRequestsPerSecond);
            lim["snapshots_per_min"] = static_cast<std::uint64_t>(kSnapshotsPerMinute);
            lim["snapshot_chunk_records"] = static_cast<std::uint64_t>(kChunkRecords);
            lim["max_request_bytes"] = static_cast<std::uint64_t>(kRouterMaxMsg);
            lim["inventory_page"] = static_cast<std::uint64_t>(kMaxInventoryPage);
            res["limits"] = std::move(lim);
            (void)send_reply(r.routing_id, reply(id, 200, {}, Value(std::move(res))));
        } else if (*op == "snapshot") {
            while (!c.snapshots.empty() && now - c.snapshots.front() > 60'000) c.snapshots.pop_front();
            if (c.snapshot_in_flight || c.snapshots.size() >= kSnapshotsPerMinute) {
                ++st.rate_limited;
                Value rep = reply(id, 429, c.snapshot_in_flight ? "a snapshot is in flight" : "too many snapshots");
                (*mut_map(rep))["retry_after_ms"] =
                    c.snapshot_in_flight ? std::uint64_t{1000} : 60'000 - (now - c.snapshots.front());
                (void)send_reply(r.routing_id, rep);
                return;
            }
            // A consumer that resyncs says why, and how many events it
            // missed: the drop counters of sensor.health (x_transport).
            if (const Value* xr = field(*args, "x_resync"))
                if (const Map* rm = xr->as_map()) {
                    ++st.consumer_resyncs;
                    if (auto missed = uint_field(*rm, "missed")) st.consumer_missed += std::min(*missed, seq);
                }
            c.snapshot_in_flight = true;
            c.snapshots.push_back(now);
            Snapshot s;
            s.routing_id = r.routing_id;
            s.client = client_key;
            s.request_id = id;
            s.seq = seq;
            s.started_ms = now;
            s.items.reserve(records.size());
            for (const auto& [k, rec] : records) s.items.push_back(rec);
            snapshots.push_back(std::move(s));
        } else if (*op == "get_device") {
            const Value* found = nullptr;
            if (const auto* want = str_field(*args, "id")) {
                if (auto it = records.find(*want); it != records.end()) found = it->second.get();
            } else if (const auto* mac = str_field(*args, "mac")) {
                if (auto it = records.find("mac:" + *mac); it != records.end()) found = it->second.get();
            } else if (const auto* ip = str_field(*args, "ip")) {
                for (const auto& [k, rec] : records) {
                    const Map* m = rec->as_map();
                    const Value* ips = m ? field(*m, "ips") : nullptr;
                    const Array* a = ips ? ips->as_array() : nullptr;
                    if (a && std::any_of(a->begin(), a->end(), [&](const Value& x) {
                            const auto* s = x.as_string();
                            return s && *s == *ip;
                        })) {
                        found = rec.get();
                        break;
                    }
                }
            } else {
                return bad(400, "get_device needs id, mac or ip");
            }
            if (!found) return bad(404, "unknown device");
            Map res;
            res["device"] = *found;
            (void)send_reply(r.routing_id, reply(id, 200, {}, Value(std::move(res))));
        } else if (*op == "get_inventory") {
            get_inventory(r, id, *args);
        } else if (*op == "forget_device" || *op == "set_verdict") {
            if (!controller) return bad(403, *op + " needs the controller role");
            const std::string* dev = str_field(*args, "id");
            if (!dev) return bad(400, *op + " needs id");
            if (!records.contains(*dev)) return bad(404, "unknown device");
            const std::string* why = str_field(*args, "reason");
            Command cmd;
            cmd.op = *op;
            cmd.id = *dev;
            cmd.reason = why ? why->substr(0, 256) : std::string();
            if (*op == "forget_device") {
                publish_gone(*dev, "forgotten", {}, 0);
            } else {
                const std::string* state = str_field(*args, "state");
                if (!state || state->empty() || state->size() > 64) return bad(400, "set_verdict needs state");
                cmd.state = *state;
                cmd.by = r.user.empty() ? std::string("local") : r.user;
                cmd.ts_ms = wall_ms();
                if (auto ttl = uint_field(*args, "ttl_s"); ttl && *ttl > 0)
                    cmd.expires_ms = cmd.ts_ms + std::min<std::uint64_t>(*ttl, kMaxVerdictTtlS) * 1000;
            }
            {
                std::lock_guard lock(mu);
                commands.push_back(std::move(cmd));
            }
            (void)send_reply(r.routing_id, reply(id, 200, {}, Value(Map{})));
        } else {
            return bad(400, "unknown op '" + op->substr(0, 64) + "'");
        }
    }

    void get_inventory(const Request& r, std::uint64_t id, const Map& args) {
        std::uint64_t limit = kMaxInventoryPage;
        if (auto l = uint_field(args, "limit")) limit = std::min<std::uint64_t>(*l, kMaxInventoryPage);
        if (limit == 0) limit = kMaxInventoryPage;
        std::string type;
        std::optional<std::uint64_t> min_risk, seen_since;
        if (const Value* f = field(args, "filter")) {
            const Map* fm = f->as_map();
            if (!fm) {
                ++st.bad_requests;
                (void)send_reply(r.routing_id, reply(id, 400, "filter is not a map"));
                return;
            }
            if (const auto* t = str_field(*fm, "type")) type = *t;
            min_risk = uint_field(*fm, "min_risk");
            seen_since = uint_field(*fm, "seen_since");
        }
        auto it = records.begin();
        if (const auto* cur = str_field(args, "cursor")) it = records.upper_bound(*cur);
        Array out;
        std::string last;
        for (; it != records.end() && out.size() < limit; ++it) {
            const Map* m = it->second->as_map();
            if (!m) continue;
            if (!type.empty()) {
                const Value* cls = field(*m, "class");
                const std::string* t = cls && cls->as_map() ? str_field(*cls->as_map(), "type") : nullptr;
                if (!t || *t != type) continue;
            }
            if (min_risk) {
                const Value* p = field(*m, "posture");
                const auto risk = p && p->as_map() ? uint_field(*p->as_map(), "risk") : std::nullopt;
                if (!risk || *risk < *min_risk) continue;
            }
            if (seen_since) {
                const auto ls = uint_field(*m, "last_seen");
                if (!ls || *ls < *seen_since) continue;
            }
            out.push_back(*it->second);
            last = it->first;
        }
        Map res;
        res["devices"] = std::move(out);
        if (it != records.end() && !last.empty()) res["next_cursor"] = last;
        (void)send_reply(r.routing_id, reply(id, 200, {}, Value(std::move(res))));
    }

    // Sends what the ROUTER takes of each snapshot in flight; aborts one that
    // could not finish in kSnapshotAbortMs (503).
    void pump_snapshots() {
        const std::uint64_t now = mono_ms();
        for (auto it = snapshots.begin(); it != snapshots.end();) {
            Snapshot& s = *it;
            bool done = false, blocked = false;
            while (!done && !blocked) {
                if (now - s.started_ms > kSnapshotAbortMs) {
                    ++st.snapshots_aborted;
                    (void)send_reply(s.routing_id, reply(s.request_id, 503, "snapshot aborted: client too slow"));
                    done = true;
                    break;
                }
                Value msg;
                if (s.next < s.items.size()) {
                    Array items;
                    std::size_t bytes = 0;
                    std::size_t n = s.next;
                    for (; n < s.items.size() && items.size() < kChunkRecords; ++n) {
                        const Map* m = s.items[n]->as_map();
                        std::size_t b = 0;
                        if (m)
                            if (const auto* idp = str_field(*m, "id"))
                                if (auto rb = record_bytes.find(*idp); rb != record_bytes.end()) b = rb->second;
                        if (!items.empty() && bytes + b > kChunkBytes) break;
                        bytes += b;
                        items.push_back(*s.items[n]);
                    }
                    Map res;
                    res["kind"] = std::string("snapshot.chunk");
                    res["items"] = std::move(items);
                    if (!send_reply(s.routing_id, reply(s.request_id, 200, {}, Value(std::move(res))))) {
                        blocked = true;
                        break;
                    }
                    s.next = n;
                } else {
                    Map res;
                    res["kind"] = std::string("snapshot.end");
                    res["epoch"] = epoch;
                    res["seq"] = s.seq;
                    res["count"] = static_cast<std::uint64_t>(s.items.size());
                    if (!send_reply(s.routing_id, reply(s.request_id, 200, {}, Value(std::move(res))))) {
                        blocked = true;
                        break;
                    }
                    ++st.snapshots;
                    done = true;
                }
            }
            if (done) {
                if (auto c = clients.find(s.client); c != clients.end()) c->second.snapshot_in_flight = false;
                it = snapshots.erase(it);
            } else {
                ++it;
            }
        }
    }

    bool receive(Request& r) {
        zmq::message_t rid, delim, body;
        if (!router->recv(rid, zmq::recv_flags::dontwait)) return false;
        r.routing_id = rid.to_string();
        // [routing id][""][payload]; anything else is answered 400.
        std::vector<zmq::message_t> parts;
        while (true) {
            int more = router->get(zmq::sockopt::rcvmore);
            if (!more) break;
            zmq::message_t m;
            if (!router->recv(m, zmq::recv_flags::none)) break;
            if (parts.size() < 3) parts.push_back(std::move(m));
        }
        r.user.clear();
        if (!parts.empty()) {
            const char* uid = zmq_msg_gets(parts.back().handle(), "User-Id");
            if (uid) r.user = uid;
        }
        if (parts.size() != 2 || parts[0].size() != 0) {
            r.payload = "\xc1";  // never-used msgpack byte: decoded as a bad request
            return true;
        }
        r.payload = parts[1].to_string();
        return true;
    }

    void run() {
        next_health_ms = mono_ms();
        bool stop_seen = false;
        std::uint64_t stop_deadline = 0;
        for (;;) {
            std::deque<Update> batch;
            Health h;
            bool reload = false;
            {
                std::lock_guard lock(mu);
                batch.swap(queue);
                h = health;
                if (stopping && !stop_seen) {
                    stop_seen = true;
                    stop_deadline = mono_ms() + grace_ms;
                }
                reload = reload_requested;
                reload_requested = false;
            }
            if (!h.kb_version.empty()) running_kb = h.kb_version;
            for (auto& u : batch) apply(u);
            if (reload)
                if (auto r = reopen(); !r) reopen_error = r.error();
            const std::uint64_t now = mono_ms();
            if (stop_seen) {
                publish_health(h, true);
                if (now >= stop_deadline) break;
            } else if (now >= next_health_ms) {
                publish_health(h);
                next_health_ms = now + cfg.health_interval_ms;
            }
            pump_snapshots();
            drain_subscriptions();
            zmq::pollitem_t items[] = {{router->handle(), 0, ZMQ_POLLIN, 0}};
            const long wait = snapshots.empty() ? 20 : 5;
            try {
                zmq::poll(items, 1, std::chrono::milliseconds(wait));
            } catch (const zmq::error_t&) {
                continue;  // EINTR
            }
            for (int n = 0; n < 256; ++n) {
                Request r;
                if (!receive(r)) break;
                handle(r);
            }
            std::lock_guard lock(mu);
            st.devices = records.size();
            st.seq = seq;
            st.epoch = epoch;
            st.queue_full = shared_stats.queue_full;
            shared_stats = st;
        }
        pub.reset();
        router.reset();
    }

    // SIGHUP: a new allow-list for the ZAP handler, then new sockets so that
    // every later handshake is checked against it.
    std::expected<void, std::string> reopen() {
        if (!zap) return {};
        // The same concrete endpoints again (an ephemeral "*" port must not
        // move): unbind first, then close.
        const std::vector<std::string> was = bound;
        try {
            pub->unbind(was[0]);
            router->unbind(was[1]);
            std::size_t i = 2;
            if (!cfg.local_events.empty()) pub->unbind(was[i++]);
            if (!cfg.local_control.empty()) router->unbind(was[i++]);
        } catch (const zmq::error_t&) {
        }
        pub.reset();
        router.reset();
        PublisherConfig keep = cfg;
        std::size_t i = 2;
        cfg.events = was[0];
        cfg.control = was[1];
        if (!cfg.local_events.empty()) cfg.local_events = was[i++];
        if (!cfg.local_control.empty()) cfg.local_control = was[i++];
        // libzmq releases an unbound TCP address on its I/O thread, a moment
        // later: retry the bind for up to a second.
        auto r = open_sockets();
        for (int attempt = 0; !r && attempt < 50; ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            r = open_sockets();
        }
        cfg = std::move(keep);
        return r;
    }
};

Publisher::Publisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Publisher::~Publisher() { stop(0); }

std::expected<std::unique_ptr<Publisher>, std::string> Publisher::start(PublisherConfig cfg) {
    auto impl = std::make_unique<Impl>();
    if (cfg.sensor_id.empty() || cfg.sensor_id.size() > 64 ||
        !std::all_of(cfg.sensor_id.begin(), cfg.sensor_id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        }))
        return std::unexpected("transport: sensor id '" + cfg.sensor_id + "' is not [a-z0-9._-]{1,64}");
    if (cfg.insecure) {
        for (const auto* ep : {&cfg.events, &cfg.control, &cfg.local_events, &cfg.local_control})
            if (!ep->empty() && !is_local_endpoint(*ep))
                return std::unexpected("transport: --insecure is refused on " + *ep +
                                       ": only loopback and ipc endpoints may run without CURVE");
    } else {
        auto cert = load_sensor_key(cfg.key_dir);
        if (!cert) return std::unexpected(cert.error());
        impl->sensor_cert = std::move(*cert);
        auto allow = AllowList::load(cfg.key_dir / "clients");
        if (!allow) return std::unexpected(allow.error());
        if (!cfg.fault_no_zap) {
            impl->zap = std::make_unique<ZapHandler>(impl->ctx, std::move(*allow));
            impl->zap->start();
        }
        // The ZAP handler runs before any CURVE socket binds, and a stranger
        // must be refused, or the sensor does not start (§7).
        if (auto t = self_test(impl->ctx, *impl->sensor_cert, impl->zap.get()); !t) return std::unexpected(t.error());
    }
    impl->cfg = std::move(cfg);
    if (impl->cfg.epoch != 0) {
        impl->epoch = impl->cfg.epoch;
    } else {
        std::random_device rd;
        impl->epoch = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
        if (impl->epoch == 0) impl->epoch = 1;
    }
    if (auto r = impl->open_sockets(); !r) return std::unexpected(r.error());
    Impl* raw = impl.get();
    raw->thread = std::thread([raw] { raw->run(); });
    return std::unique_ptr<Publisher>(new Publisher(std::move(impl)));
}

bool Publisher::offer(Update u) {
    std::lock_guard lock(impl_->mu);
    if (impl_->queue.size() >= impl_->cfg.queue_capacity) {
        ++impl_->shared_stats.queue_full;
        return false;
    }
    impl_->queue.push_back(std::move(u));
    return true;
}

void Publisher::set_health(const Health& h) {
    std::lock_guard lock(impl_->mu);
    impl_->health = h;
}

std::vector<Command> Publisher::take_commands() {
    std::lock_guard lock(impl_->mu);
    std::vector<Command> out;
    out.swap(impl_->commands);
    return out;
}

void Publisher::stop(std::uint64_t grace_ms) {
    if (!impl_ || !impl_->thread.joinable()) return;
    {
        std::lock_guard lock(impl_->mu);
        impl_->stopping = true;
        impl_->grace_ms = grace_ms;
    }
    impl_->thread.join();
    if (impl_->zap) impl_->zap->stop();
}

std::expected<void, std::string> Publisher::reload_keys() {
    if (!impl_->zap) return {};
    auto allow = AllowList::load(impl_->cfg.key_dir / "clients");
    if (!allow) return std::unexpected(allow.error());
    impl_->zap->reload(std::move(*allow));
    std::lock_guard lock(impl_->mu);
    impl_->reload_requested = true;
    return {};
}

PublisherStats Publisher::stats() const {
    std::lock_guard lock(impl_->mu);
    return impl_->shared_stats;
}

std::vector<std::string> Publisher::bound() const { return impl_->bound; }

}  // namespace transport
