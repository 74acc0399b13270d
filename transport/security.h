// transport/security.h
// CURVE keys and client authorization (WIRE-PROTOCOL.md §7).
//
// - Key files in ZeroMQ's certificate text format (as CZMQ's zcert writes
//   it: ZPL, rfc.zeromq.org/spec/4): a `metadata` section with `name` and
//   `role`, a `curve` section with `public-key`, and in `<name>.key_secret`
//   also `secret-key`, all Z85 (rfc.zeromq.org/spec/32).
// - The allow-list: one public certificate per client in `<key_dir>/clients/`.
// - The ZAP handler (RFC 27, rfc.zeromq.org/spec/27) that admits only those
//   keys, with User-Id = the client's name, so the control channel can
//   authorize each request from its message's `User-Id` metadata.
// - The start-up self-test: a connection with a throwaway key must be
//   refused, by this handler, or the sensor does not start.
//
// Errors are values (std::expected with a message naming the file, line and
// key); only the socket helpers throw zmq::error_t, at start-up.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
#include <zmq.hpp>

namespace transport {

// Bounds on what we read (key files are ~300 bytes; the caps only keep a
// wrong path -- a log file, a device -- from being read whole).
inline constexpr std::size_t kMaxCertFileBytes = 64 * 1024;
inline constexpr std::size_t kMaxClientFiles = 10'000;
inline constexpr std::size_t kMaxCertNameBytes = 64;

// The ZAP domain every sensor CURVE socket uses; the handler refuses others.
inline constexpr std::string_view kZapDomain = "sensor";

// One certificate. `secret_z85` is empty for a public certificate (`.key`).
// Roles: `reader`, `controller` (clients) or `sensor` (the sensor's own key).
// Names are [A-Za-z0-9._@-]{1,64}, starting with a letter or digit: they
// become file names, ZAP User-Ids and the `by` of verdicts.
struct Cert {
    std::string name, role;
    std::string public_z85, secret_z85;
};

// Reads a certificate file: the ZPL subset zcert writes (`#` comments, blank
// lines, sections by 4-space indentation, `key = "value"` or 'value' or a bare
// token, a trailing `# comment`); other sections and keys are ignored.
// Requires metadata.name, metadata.role (reader / controller / sensor) and
// curve.public-key (40 Z85 chars); a curve.secret-key must be the secret of
// that public key. Errors read "<file>:<line>: key '<key>': <problem>", e.g.
// "clients/bob.key:5: key 'public-key': not 40 Z85 characters".
[[nodiscard]] std::expected<Cert, std::string> load_cert(const std::filesystem::path& file);

// Makes a keypair (zmq_curve_keypair) and writes `<dir>/<name>.key` (public,
// mode 0644) and `<dir>/<name>.key_secret` (public + secret, created 0600, so
// it is never readable by others, not even briefly). Creates `dir` if needed;
// refuses to overwrite either file, a bad name, or a role other than reader /
// controller / sensor.
[[nodiscard]] std::expected<void, std::string> write_cert_pair(const std::filesystem::path& dir,
                                                               std::string_view name, std::string_view role);

// Reads `<key_dir>/sensor.key_secret`: it must hold a secret key and must not
// be readable by group or others (mode & 077 == 0).
[[nodiscard]] std::expected<Cert, std::string> load_sensor_key(const std::filesystem::path& key_dir);

struct Client {
    std::string name, role;  // role: reader or controller
};

// The authorized clients: every `*.key` file in a directory (`*.key_secret`
// and other names are ignored). Any bad file is an error naming it, as are a
// client role other than reader / controller, a secret key in a client file,
// duplicate names or keys, and more than kMaxClientFiles files. Immutable.
class AllowList {
public:
    AllowList() = default;  // admits nobody
    [[nodiscard]] static std::expected<AllowList, std::string> load(const std::filesystem::path& clients_dir);
    // The client holding this public key (40 Z85 chars), or nullptr. The
    // pointer lives as long as this AllowList.
    [[nodiscard]] const Client* find(std::string_view public_z85) const;
    [[nodiscard]] const Client* find_by_name(std::string_view name) const;
    [[nodiscard]] std::size_t size() const { return clients_.size(); }

private:
    std::vector<Client> clients_;
    std::map<std::string, std::size_t, std::less<>> by_key_, by_name_;  // -> index in clients_
};

// The ZAP handler for one context: a ROUTER bound on inproc://zeromq.zap.01,
// served by its own thread. Replies 200 (User-Id = client name) to a CURVE
// request in domain "sensor" from an allowed key; 400 to anything else
// (unknown key, NULL / PLAIN / GSSAPI, another domain); 500 to a malformed
// request when it can still be answered (else it is dropped and counted).
// Requests are bounded (frame count and size); a bad one never stops it.
// start() and stop() are called from one owning thread; reload(), role_of()
// and the counters from any.
class ZapHandler {
public:
    ZapHandler(zmq::context_t& ctx, AllowList clients);
    ~ZapHandler();
    ZapHandler(const ZapHandler&) = delete;
    ZapHandler& operator=(const ZapHandler&) = delete;

    // Binds synchronously (so CURVE sockets bound after it never meet a
    // missing handler), then serves on its own thread. Throws zmq::error_t
    // when the endpoint is taken (another handler in this context). A second
    // call while running does nothing.
    void start();
    // Stops serving and closes the socket; handshakes after this fail closed
    // (make_curve_server sets ZMQ_ZAP_ENFORCE_DOMAIN). Idempotent.
    void stop();
    // Replaces the allow-list; thread-safe. Affects new handshakes only: a
    // connection admitted before keeps its session (§7: re-create the sockets).
    void reload(AllowList clients);

    [[nodiscard]] std::uint64_t requests() const { return requests_.load(); }
    [[nodiscard]] std::uint64_t accepted() const { return accepted_.load(); }
    [[nodiscard]] std::uint64_t refused() const { return refused_.load(); }
    // The current allow-list entry for a ZAP User-Id (a client name), for the
    // control channel's role check; nullopt once the client was removed.
    [[nodiscard]] std::optional<Client> role_of(std::string_view user_id) const;

private:
    void serve(zmq::socket_t sock);
    void handle(std::vector<zmq::message_t>& frames, bool truncated, zmq::socket_t& sock);
    std::shared_ptr<const AllowList> current() const;

    zmq::context_t& ctx_;
    mutable std::mutex mu_;                 // guards clients_
    std::shared_ptr<const AllowList> clients_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> requests_{0}, accepted_{0}, refused_{0};
};

// Makes `s` a CURVE server for the sensor's key: ZMQ_CURVE_SERVER 1, the
// secret key, ZMQ_ZAP_DOMAIN "sensor" and ZMQ_ZAP_ENFORCE_DOMAIN 1 (so with
// no handler answering, every handshake fails instead of admitting anyone).
// Call before bind. Throws zmq::error_t if libzmq refuses an option and
// std::invalid_argument if `sensor` has no secret key.
void make_curve_server(zmq::socket_t& s, const Cert& sensor);

// Handshake outcomes of one socket (zmq_socket_monitor), for the self-test,
// the tests, and consumers that log HANDSHAKE_FAILED_* (§7). Must be
// destroyed before the watched socket is closed, on the thread that uses it.
class HandshakeMonitor {
public:
    enum class Kind { Succeeded, FailedAuth, FailedProtocol, FailedNoDetail };
    struct Event {
        Kind kind;
        std::uint32_t value;  // FailedAuth: ZAP status code; FailedProtocol: ZMQ_PROTOCOL_ERROR_*; else errno
    };
    HandshakeMonitor(zmq::context_t& ctx, zmq::socket_t& watched);
    ~HandshakeMonitor();
    HandshakeMonitor(const HandshakeMonitor&) = delete;
    HandshakeMonitor& operator=(const HandshakeMonitor&) = delete;
    // The next handshake event, or nullopt after `timeout`.
    [[nodiscard]] std::optional<Event> next(std::chrono::milliseconds timeout);

private:
    zmq::socket_t& watched_;
    zmq::socket_t pair_;
};

// The start-up self-test (§7): binds a throwaway CURVE ROUTER on
// tcp://127.0.0.1:* with make_curve_server, connects a DEALER with a fresh
// keypair that no allow-list holds, and requires within 2 s that the server
// reports the handshake failed and that `zap` answered it (its request and
// refusal counters went up). Errors: "CURVE self-test: a throwaway key was
// admitted", "CURVE self-test: no ZAP handler answered ..." (zap null,
// stopped, never started, or in another context), or a socket error.
[[nodiscard]] std::expected<void, std::string> self_test(zmq::context_t& ctx, const Cert& sensor,
                                                         const ZapHandler* zap);

}  // namespace transport
