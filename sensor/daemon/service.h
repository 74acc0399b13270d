// sensor/daemon/service.h
// sensord under systemd (libsystemd's sd_notify protocol; a no-op without
// $NOTIFY_SOCKET, i.e. when not started by systemd with Type=notify):
// READY=1 once the capture handles are open and the threads run, STATUS=
// lines, RELOADING=1/READY=1 around a SIGHUP reload, STOPPING=1, and the
// watchdog.
//
// The watchdog is petted by the supervisor (sensord's Boost.Asio loop) only
// when every pipeline thread's heartbeat advanced since the last pet
// (Heartbeats): a wedged worker stops the pets, and systemd restarts the
// service after WatchdogSec. A thread that finished (an offline read that
// ended) counts as alive.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sensor::service {

// The watchdog interval systemd asked for (WATCHDOG_USEC), or zero.
[[nodiscard]] std::chrono::microseconds watchdog_interval();
void ready(const std::string& status);
void status(const std::string& status);
void reloading();
void stopping();
void pet_watchdog();

// Heartbeat bookkeeping: feed it the per-thread counters and whether each
// thread has finished; true when every unfinished thread advanced since the
// previous call. `stalled` names the indexes that did not.
class Heartbeats {
public:
    [[nodiscard]] bool all_advanced(const std::vector<std::uint64_t>& beats, const std::vector<bool>& finished,
                                    std::vector<std::size_t>* stalled = nullptr);

private:
    std::vector<std::uint64_t> last_;
};

}  // namespace sensor::service
