#include "posture/inventory/oui_db.h"

#include <fstream>
#include <vector>

namespace posture {
namespace {

// Splits one CSV line (RFC 4180 quoting, no embedded newlines in these files).
std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') { cur.push_back('"'); ++i; }
                else quoted = false;
            } else {
                cur.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(std::move(cur));
            cur.clear();
        } else if (c != '\r') {
            cur.push_back(c);
        }
    }
    out.push_back(std::move(cur));
    return out;
}

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

}  // namespace

std::expected<std::size_t, std::string> OuiDb::load_csv(const std::string& path, unsigned bits) {
    std::ifstream in(path);
    if (!in) return std::unexpected("cannot open " + path);
    auto& table = bits == 24 ? l_ : bits == 28 ? m_ : s_;
    const std::size_t hex_digits = bits / 4;
    std::string line;
    std::size_t n = 0, lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (lineno == 1) continue;  // header
        auto f = split_csv(line);
        if (f.size() < 3 || f[1].size() != hex_digits) continue;
        std::uint64_t key = 0;
        bool ok = true;
        for (char c : f[1]) {
            key <<= 4;
            if (c >= '0' && c <= '9') key |= static_cast<std::uint64_t>(c - '0');
            else if (c >= 'A' && c <= 'F') key |= static_cast<std::uint64_t>(c - 'A' + 10);
            else if (c >= 'a' && c <= 'f') key |= static_cast<std::uint64_t>(c - 'a' + 10);
            else { ok = false; break; }
        }
        if (!ok) continue;
        std::string name = trim(f[2]);
        if (name.empty()) continue;
        table.insert_or_assign(key, std::move(name));
        ++n;
    }
    return n;
}

std::expected<OuiDb, std::string> OuiDb::load(const std::string& dir) {
    OuiDb db;
    std::size_t total = 0;
    std::string errors;
    const struct { const char* file; unsigned bits; } files[] = {
        {"oui.csv", 24}, {"mam.csv", 28}, {"oui36.csv", 36}, {"iab.csv", 36}};
    for (const auto& f : files) {
        auto r = db.load_csv(dir + "/" + f.file, f.bits);
        if (r) total += *r;
        else errors += (errors.empty() ? "" : "; ") + r.error();
    }
    if (total == 0)
        return std::unexpected("no MAC vendor registry loaded from " + dir + " (install Debian's ieee-data): " +
                               errors);
    return db;
}

std::string_view OuiDb::lookup(const dissect::MacAddr& mac) const noexcept {
    if (mac.is_local_admin() || mac.is_multicast()) return {};
    const std::uint64_t v = mac.as_u64();
    if (!s_.empty())
        if (auto it = s_.find(v >> 12); it != s_.end()) return it->second;
    if (!m_.empty())
        if (auto it = m_.find(v >> 20); it != m_.end()) return it->second;
    if (auto it = l_.find(v >> 24); it != l_.end()) return it->second;
    return {};
}

}  // namespace posture
