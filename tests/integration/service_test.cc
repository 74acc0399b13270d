// sensord under systemd's notify protocol, without systemd: the test plays
// the service manager with its own $NOTIFY_SOCKET (a Unix datagram socket)
// and WATCHDOG_USEC, as systemd does for Type=notify and WatchdogSec=. READY=1
// comes once the capture runs; WATCHDOG=1 keeps coming while every pipeline
// thread makes progress, and stops when a worker is wedged (fault injection).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdlib>
#include <functional>

#include "tests/integration/util.h"

namespace {

namespace fs = std::filesystem;

// The service manager's end: every datagram sensord sends, for `ms`.
class NotifySocket {
public:
    explicit NotifySocket(const fs::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
        fs::remove(path);
        ok_ = fd_ >= 0 && path.string().size() < sizeof a.sun_path &&
              ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        timeval tv{0, 100'000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~NotifySocket() {
        if (fd_ >= 0) ::close(fd_);
        fs::remove(path_);
    }
    bool ok() const { return ok_; }
    // Every datagram for `ms`, or until `enough` says so (a loaded machine,
    // an ASan build, may run the pets late; the count is what is asserted).
    std::vector<std::string> collect(int ms, const std::function<bool(const std::vector<std::string>&)>& enough = {}) {
        std::vector<std::string> out;
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        char buf[4096];
        while (std::chrono::steady_clock::now() < end && !(enough && enough(out))) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n > 0) out.emplace_back(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    fs::path path_;
    int fd_ = -1;
    bool ok_ = false;
};

std::size_t count(const std::vector<std::string>& msgs, const std::string& what) {
    std::size_t n = 0;
    for (const auto& m : msgs)
        if (m.find(what) != std::string::npos) ++n;
    return n;
}

// Runs sensord --read --serve with the notify environment; returns what it
// sent in `ms` (or until `pets` watchdog pets came, when that is given).
// `until_err`: collect until sensord's stderr says it, then 3 s more; the
// number of messages sent before it said it goes to *said_at.
std::vector<std::string> notified(const std::string& name, const std::string& extra, std::string* err, int ms,
                                  std::size_t pets = 0, const std::string& until_err = {},
                                  std::size_t* said_at = nullptr) {
    char tmpl[] = "/tmp/sensord-notify-XXXXXX";
    const fs::path sockdir = mkdtemp(tmpl);
    const fs::path dir = testutil::scratch(name);
    EXPECT_EQ(testutil::run(testutil::sitegen() + " --rule-lab --out " + dir.string() + " 2>/dev/null").exit_code, 0);
    NotifySocket sock(sockdir / "notify");
    EXPECT_TRUE(sock.ok());
    ::setenv("NOTIFY_SOCKET", (sockdir / "notify").c_str(), 1);
    ::setenv("WATCHDOG_USEC", "2000000", 1);  // a pet each second
    std::vector<std::string> got;
    {
        testutil::Served s(dir, "-q -r " + (dir / "rules.pcap").string() + extra +
                                    " --serve --insecure --events tcp://127.0.0.1:* --control tcp://127.0.0.1:*");
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        got = sock.collect(ms, [&](const std::vector<std::string>& m) {
            if (!until_err.empty()) return s.err().find(until_err) != std::string::npos;
            return pets > 0 && count(m, "WATCHDOG=1") >= pets;
        });
        if (said_at) *said_at = got.size();
        if (!until_err.empty()) {
            const auto more = sock.collect(3000);
            got.insert(got.end(), more.begin(), more.end());
        }
        *err = s.err();
        EXPECT_EQ(s.stop(), 0);
        const auto after = sock.collect(300);
        got.insert(got.end(), after.begin(), after.end());
    }
    fs::remove_all(sockdir);
    return got;
}

TEST(Service, ReadyThenTheWatchdogWhileEveryThreadProgresses) {
    std::string err;
    // A pet each second: three of them within 30 s, however loaded the machine.
    const auto msgs = notified("notify-ok", "", &err, 30000, 3);
    ASSERT_FALSE(msgs.empty()) << err;
    EXPECT_NE(msgs.front().find("READY=1"), std::string::npos) << msgs.front();
    EXPECT_NE(msgs.front().find("STATUS=reading "), std::string::npos) << msgs.front();
    EXPECT_GE(count(msgs, "WATCHDOG=1"), 3u) << err;
    EXPECT_EQ(count(msgs, "STOPPING=1"), 1u);
    EXPECT_EQ(err.find("watchdog"), std::string::npos) << err;
}

TEST(Service, AWedgedWorkerStopsTheWatchdog) {
    std::string err;
    // The worker wedges at its first packet, which a loaded machine (an
    // ASan build) may reach seconds after the start: until then it
    // progresses and the watchdog is petted. Once sensord reports the stall
    // (within 30 s), no pet at all.
    std::size_t said_at = 0;
    const auto msgs = notified("notify-stall", " --fault-stall-worker", &err, 30000, 0,
                               "watchdog: no progress from worker 0", &said_at);
    ASSERT_FALSE(msgs.empty()) << err;
    EXPECT_NE(msgs.front().find("READY=1"), std::string::npos) << msgs.front();
    EXPECT_NE(err.find("watchdog: no progress from worker 0"), std::string::npos) << err;
    const std::vector<std::string> after(msgs.begin() + static_cast<std::ptrdiff_t>(std::min(said_at, msgs.size())),
                                         msgs.end());
    EXPECT_EQ(count(after, "WATCHDOG=1"), 0u) << err;
}

}  // namespace
