// transport/client.h
// The reference consumer's building blocks (sensorctl, tests): a control
// client (DEALER, §6) and a stream follower that implements the consumer
// algorithm of WIRE-PROTOCOL §5 (snapshot, then sequenced events; resync on
// an epoch change, a gap, or a health message announcing a seq it did not
// see). Both speak CURVE with a client certificate unless told --insecure.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "posture/record/value.h"

namespace transport {

struct ClientConfig {
    std::string events = "tcp://127.0.0.1:7470";
    std::string control = "tcp://127.0.0.1:7471";
    std::filesystem::path key;         // the client's <name>.key_secret
    std::filesystem::path server_key;  // the sensor's public certificate (sensor.key)
    bool insecure = false;             // no CURVE (a sensor run with --insecure)
    int timeout_ms = 5000;             // per request (§6)
    int rcvhwm = 100'000;              // SUB (§8)
};

// One control request at a time; a timed-out request is retried once on a
// fresh DEALER, and replies with another id are dropped (§6).
class ControlClient {
public:
    [[nodiscard]] static std::expected<std::unique_ptr<ControlClient>, std::string> connect(const ClientConfig& cfg);
    ~ControlClient();

    // The reply map ({v, id, status, error?, result?}); an error when no
    // reply came (timeout) or it could not be decoded.
    [[nodiscard]] std::expected<posture::Value, std::string> request(std::string_view op, posture::Value args = {});
    // A whole snapshot: `item` for every record, then {epoch, seq, count}
    // of snapshot.end; an error on a non-200 reply or a timeout. `args`: the
    // request's (a resync says why: {x_resync: {reason, missed}}).
    struct SnapshotEnd {
        std::uint64_t epoch = 0, seq = 0, count = 0;
    };
    [[nodiscard]] std::expected<SnapshotEnd, std::string> snapshot(const std::function<void(const posture::Value&)>& item,
                                                                   posture::Value args = {});

    struct Impl;

private:
    explicit ControlClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Follows a sensor's stream (§5). State is the map id -> record.
class Follower {
public:
    struct Event {
        std::string kind;  // "snapshot" (state replaced), "event" (applied), "resync" (why in `detail`)
        std::string topic;
        std::string detail;
        const posture::Value* body = nullptr;
    };
    using Sink = std::function<void(const Event&)>;

    [[nodiscard]] static std::expected<std::unique_ptr<Follower>, std::string> connect(const ClientConfig& cfg);
    ~Follower();

    // Runs until `stop` returns true (checked every 100 ms) or an
    // unrecoverable error. Gaps, epoch changes and tail loss resync.
    [[nodiscard]] std::expected<void, std::string> run(const Sink& sink, const std::function<bool()>& stop);

    [[nodiscard]] const std::map<std::string, posture::Value>& state() const noexcept;
    [[nodiscard]] std::uint64_t epoch() const noexcept;
    [[nodiscard]] std::uint64_t last_seq() const noexcept;
    [[nodiscard]] std::uint64_t resyncs() const noexcept;

    struct Impl;

private:
    explicit Follower(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace transport
