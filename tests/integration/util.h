// tests/integration/util.h
// Helpers for tests that drive the real binaries (sensord, sitegen) over real
// capture files and read what they print.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

namespace testutil {

struct RunResult {
    int exit_code = -1;
    std::string out;
};

// Runs a shell command, capturing stdout (stderr passes through).
inline RunResult run(const std::string& cmd) {
    RunResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int st = pclose(p);
    r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

inline std::string sensord() { return std::string(SENSOR_BINARY_DIR) + "/sensor/sensord"; }
inline std::string sitegen() { return std::string(SENSOR_BINARY_DIR) + "/bench/sitegen"; }
inline std::filesystem::path shared_dir() { return SENSOR_SHARED_DIR; }
inline bool have_shared() { return std::filesystem::exists(shared_dir() / "pcaps" / "MANIFEST.tsv"); }

inline std::vector<nlohmann::json> json_lines(const std::string& s) {
    std::vector<nlohmann::json> v;
    std::istringstream in(s);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) v.push_back(nlohmann::json::parse(line));
    return v;
}

// A TSV table with a header row: rows as column-name -> value maps.
inline std::vector<std::map<std::string, std::string>> read_tsv(const std::filesystem::path& p) {
    std::vector<std::map<std::string, std::string>> rows;
    std::ifstream in(p);
    std::string line;
    std::vector<std::string> head;
    auto split = [](const std::string& l) {
        std::vector<std::string> f;
        std::string cur;
        for (char c : l) {
            if (c == '\t') { f.push_back(cur); cur.clear(); }
            else cur.push_back(c);
        }
        f.push_back(cur);
        return f;
    };
    if (!std::getline(in, line)) return rows;
    head = split(line);
    while (std::getline(in, line)) {
        auto f = split(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < head.size(); ++i) row[head[i]] = i < f.size() ? f[i] : "";
        rows.push_back(std::move(row));
    }
    return rows;
}

// A scratch directory under the build tree, emptied first.
// A fresh directory for this process: CTest runs test processes in parallel,
// so the path carries the process id.
inline std::filesystem::path scratch(const std::string& name) {
    auto d = std::filesystem::path(SENSOR_BINARY_DIR) / "test-scratch" / (name + "." + std::to_string(getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

// A sensord running in the background until stop().
class Served {
public:
    Served(const std::filesystem::path& dir, const std::string& args) : dir_(dir) {
        // The subshell records sensord's exit status; sensord itself (exec)
        // has the pid written to `pid`, which is what stop() signals.
        const std::string cmd = "( sh -c 'echo $$ > " + (dir / "pid").string() + "; exec " + testutil::sensord() + " " +
                                args + " > " + (dir / "sensord.out").string() + " 2> " +
                                (dir / "sensord.err").string() + "'; echo $? > " + (dir / "rc").string() + " ) > /dev/null 2>&1 &";
        (void)testutil::run(cmd);
        for (int i = 0; i < 200 && pid_ <= 0; ++i) {
            const std::string p = slurp(dir / "pid");
            if (!p.empty() && p.back() == '\n') pid_ = std::stoi(p);
            else std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    ~Served() { stop(); }
    // The endpoints it printed once serving ("sensord: serving events on X, control on Y").
    bool wait_serving(std::string& events, std::string& control, int timeout_ms = 20000) {
        for (int waited = 0; waited < timeout_ms; waited += 50) {
            const std::string err = slurp(dir_ / "sensord.err");
            const auto at = err.find("serving events on ");
            if (at != std::string::npos && err.find('\n', at) != std::string::npos) {
                const auto line = err.substr(at, err.find('\n', at) - at);
                const auto e0 = line.find("on ") + 3, e1 = line.find(',', e0);
                events = line.substr(e0, e1 - e0);
                const auto c0 = line.find("control on ") + 11;
                control = line.substr(c0);
                return true;
            }
            if (exited()) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    bool hup() const { return pid_ > 0 && kill(pid_, SIGHUP) == 0; }
    // Until sensord says the capture file is read and the inventory final.
    bool wait_capture_ended(int timeout_ms = 30000) {
        for (int waited = 0; waited < timeout_ms; waited += 50) {
            if (err().find("capture ended") != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    bool exited() const { return kill(pid_, 0) != 0; }
    // SIGTERM, then sensord's exit status (-1 if it did not exit in 10 s).
    int stop() {
        if (pid_ > 0) kill(pid_, SIGTERM);
        pid_ = 0;
        for (int i = 0; i < 200; ++i) {
            const std::string rc = slurp(dir_ / "rc");
            if (!rc.empty() && rc.back() == '\n') return std::stoi(rc);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return -1;
    }
    std::string err() const { return slurp(dir_ / "sensord.err"); }

private:
    std::filesystem::path dir_;
    int pid_ = 0;
};

}  // namespace testutil
