// sensor/daemon/service.cc (see service.h).
#include "sensor/daemon/service.h"

#include <systemd/sd-daemon.h>

namespace sensor::service {

std::chrono::microseconds watchdog_interval() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0) return std::chrono::microseconds(0);
    return std::chrono::microseconds(usec);
}

void ready(const std::string& s) { (void)sd_notify(0, ("READY=1\nSTATUS=" + s).c_str()); }
void status(const std::string& s) { (void)sd_notify(0, ("STATUS=" + s).c_str()); }
void reloading() { (void)sd_notify(0, "RELOADING=1"); }
void stopping() { (void)sd_notify(0, "STOPPING=1"); }
void pet_watchdog() { (void)sd_notify(0, "WATCHDOG=1"); }

bool Heartbeats::all_advanced(const std::vector<std::uint64_t>& beats, const std::vector<bool>& finished,
                              std::vector<std::size_t>* stalled) {
    bool ok = true;
    if (last_.size() != beats.size()) last_.assign(beats.size(), ~std::uint64_t{0});  // first call: all advanced
    for (std::size_t i = 0; i < beats.size(); ++i) {
        const bool done = i < finished.size() && finished[i];
        if (!done && last_[i] != ~std::uint64_t{0} && beats[i] == last_[i]) {
            ok = false;
            if (stalled) stalled->push_back(i);
        }
        last_[i] = beats[i];
    }
    return ok;
}

}  // namespace sensor::service
