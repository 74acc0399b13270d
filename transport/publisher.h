// transport/publisher.h
// The publisher thread: it owns the events PUB socket and the control ROUTER
// socket (WIRE-PROTOCOL.md §1), and the sequenced copy of the device records
// that snapshots are served from (the clone pattern: one thread assigns
// every seq and holds the state those seqs describe, so a snapshot taken at
// seq S plus the events after S is exactly the current state).
//
// The posture thread hands it updates through a bounded queue (offer(),
// never blocking; a full queue refuses and counts, and the caller retries
// later, so no change is lost silently). A stalled subscriber never slows
// anything: the events socket drops at its high-water mark, never waiting
// (see send_pub in publisher.cc), and the consumer sees the gap by seq or by
// sensor.health and resyncs. The drops show in sensor.health: hwm_hits (seen
// by the sensor) and consumer_missed (reported by the consumers).
//
// Control requests are decoded with the wire limits (codec.h), authorized by
// the role of the connection's CURVE key (ZAP User-Id; security.h), and rate
// limited per client (20 requests/s, 6 snapshots/min, one in flight).
// Commands that change the inventory (forget_device, set_verdict) are
// answered here and passed back to the posture thread through take_commands().
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "posture/record/value.h"

namespace zmq {
class context_t;
}

namespace transport {

inline constexpr std::uint64_t kWireMajor = 1;
inline constexpr std::uint64_t kSchema = 1;

struct PublisherConfig {
    std::string sensor_id = "sensor";          // [a-z0-9._-]{1,64}
    std::string events = "tcp://*:7470";       // PUB
    std::string control = "tcp://*:7471";      // ROUTER
    std::string local_events, local_control;   // optional ipc:// pair for on-box tools (mode 0660)
    std::filesystem::path key_dir;             // sensor.key_secret + clients/*.key
    bool insecure = false;                     // no CURVE: refused unless every endpoint is loopback or ipc
    bool fault_no_zap = false;                 // fault injection: do not start the ZAP handler
    std::size_t queue_capacity = 65'536;       // updates waiting for the publisher thread
    int pub_hwm = 50'000;
    int router_hwm = 10'000;
    std::string software;                      // "sensord 0.x"
    std::uint64_t health_interval_ms = 1000;
    std::uint64_t epoch = 0;                   // 0: random (tests may pin it)
    std::string kb_version;                    // until set_health() says otherwise
};

// One change from the posture thread.
struct Update {
    enum class Kind : std::uint8_t { Upsert, Gone };
    Kind kind = Kind::Upsert;
    std::string topic;        // Upsert: device.new / device.update / device.risk
    std::string id;
    posture::Value record;    // Upsert: the §4 record (its rev is replaced by the event's seq)
    std::string reason;       // Gone: aged_out / forgotten / merged / evicted
    std::string into;         // Gone, merged
    std::uint64_t last_seen_ms = 0;
};

// What the posture thread must do on behalf of a controller.
// set_verdict is answered 200 once the request is valid; the posture thread
// stores the verdict in the device (posture.verdict, persisted with it) and
// the device.risk event follows from its next tick.
struct Command {
    std::string op;  // forget_device / set_verdict
    std::string id;
    std::string reason;
    // set_verdict: the state, the controller's name, when (wall ms), and the
    // expiry (wall ms, 0: none).
    std::string state, by;
    std::uint64_t ts_ms = 0, expires_ms = 0;
};

struct Health {
    std::string state = "running";  // starting / running / degraded / stopping
    std::uint64_t packets = 0, drops = 0;
    posture::Value x_capture;       // a map when set: the interface and its offloads (sensord)
    std::string kb_version;         // the knowledge base running (built-in or a signed bundle's)
};

struct PublisherStats {
    std::uint64_t published = 0;        // events sent on the PUB socket (health included)
    std::uint64_t queue_full = 0;       // offers refused: the queue was full
    std::uint64_t requests = 0;         // control requests received
    std::uint64_t bad_requests = 0;     // answered 400 / 413
    std::uint64_t denied = 0;           // answered 403
    std::uint64_t rate_limited = 0;     // answered 429
    std::uint64_t snapshots = 0;        // completed
    std::uint64_t snapshots_aborted = 0;
    // Drop counters (sensor.health x_transport): events that found a
    // subscriber's queue full (each starts that subscriber's loss), and what
    // consumers reported when they resynced (snapshot x_resync).
    std::uint64_t hwm_hits = 0;
    std::uint64_t consumer_resyncs = 0;
    std::uint64_t consumer_missed = 0;
    std::uint64_t devices = 0;
    std::uint64_t seq = 0;
    std::uint64_t epoch = 0;
};

class Publisher {
public:
    // Binds the sockets (after the ZAP handler and its self-test, unless
    // insecure) and starts the thread. Errors: bad endpoints, missing or
    // unreadable keys, an insecure endpoint that is not loopback or ipc, a
    // failed CURVE self-test.
    [[nodiscard]] static std::expected<std::unique_ptr<Publisher>, std::string> start(PublisherConfig cfg);
    ~Publisher();
    Publisher(const Publisher&) = delete;
    Publisher& operator=(const Publisher&) = delete;

    // Non-blocking; false (counted) when the queue is full.
    bool offer(Update u);
    // Capture counters and state for sensor.health.
    void set_health(const Health& h);
    // Commands from controllers, oldest first.
    [[nodiscard]] std::vector<Command> take_commands();
    // Publishes state "stopping", serves the control socket for `grace_ms`,
    // then closes everything (LINGER 0). Idempotent.
    void stop(std::uint64_t grace_ms = 1000);
    // SIGHUP: re-read the client allow-list; the sockets are re-created so
    // that only new handshakes see it. Errors leave the old list in place.
    [[nodiscard]] std::expected<void, std::string> reload_keys();

    [[nodiscard]] PublisherStats stats() const;
    // The endpoints actually bound (ephemeral ports resolved), events first.
    [[nodiscard]] std::vector<std::string> bound() const;

    struct Impl;

private:
    explicit Publisher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// True for tcp:// endpoints on 127.0.0.0/8 or ::1, and for ipc:// and inproc://.
[[nodiscard]] bool is_local_endpoint(std::string_view endpoint);

}  // namespace transport
