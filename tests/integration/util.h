// tests/integration/util.h
// Helpers for tests that drive the real binaries (sensord, sitegen) over real
// capture files and read what they print.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
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

}  // namespace testutil
