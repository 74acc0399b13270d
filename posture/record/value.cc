#include "posture/record/value.h"

#include <cmath>
#include <cstdio>

namespace posture {
namespace {

// Length of a valid UTF-8 sequence starting at s[i], or 0 if invalid.
std::size_t utf8_seq_len(const std::string& s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) return 1;
    if ((c & 0xe0) == 0xc0) { n = 2; cp = c & 0x1fu; }
    else if ((c & 0xf0) == 0xe0) { n = 3; cp = c & 0x0fu; }
    else if ((c & 0xf8) == 0xf0) { n = 4; cp = c & 0x07u; }
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3fu);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return n;
}

void append_string(std::string& out, const std::string& s) {
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"') { out += "\\\""; ++i; continue; }
        if (c == '\\') { out += "\\\\"; ++i; continue; }
        if (c == '\n') { out += "\\n"; ++i; continue; }
        if (c == '\r') { out += "\\r"; ++i; continue; }
        if (c == '\t') { out += "\\t"; ++i; continue; }
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
            ++i;
            continue;
        }
        const std::size_t n = utf8_seq_len(s, i);
        if (n == 0) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
            ++i;
            continue;
        }
        out.append(s, i, n);
        i += n;
    }
    out.push_back('"');
}

struct Writer {
    std::string& out;
    void operator()(std::monostate) const { out += "null"; }
    void operator()(bool b) const { out += b ? "true" : "false"; }
    void operator()(std::uint64_t u) const { out += std::to_string(u); }
    void operator()(std::int64_t i) const { out += std::to_string(i); }
    void operator()(double d) const {
        if (!std::isfinite(d)) { out += "null"; return; }
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4g", d);
        out += buf;
    }
    void operator()(const std::string& s) const { append_string(out, s); }
    void operator()(const Array& a) const {
        out.push_back('[');
        bool first = true;
        for (const auto& e : a) {
            if (!first) out.push_back(',');
            first = false;
            append_json(out, e);
        }
        out.push_back(']');
    }
    void operator()(const Map& m) const {
        out.push_back('{');
        bool first = true;
        for (const auto& [k, e] : m) {
            if (!first) out.push_back(',');
            first = false;
            append_string(out, k);
            out.push_back(':');
            append_json(out, e);
        }
        out.push_back('}');
    }
};

}  // namespace

void append_json(std::string& out, const Value& v) { std::visit(Writer{out}, v.v); }

std::string to_json(const Value& v) {
    std::string s;
    append_json(s, v);
    return s;
}

}  // namespace posture
