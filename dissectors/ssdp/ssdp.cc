// dissectors/ssdp/ssdp.cc: SSDP start line and headers (see ssdp.h).
#include "dissectors/ssdp/ssdp.h"

#include <optional>
#include <string_view>

namespace dissect::ssdp {

namespace {

constexpr std::uint8_t kLf = '\n';
constexpr std::uint8_t kCr = '\r';

[[nodiscard]] constexpr bool is_space(std::uint8_t c) noexcept { return c == ' ' || c == '\t'; }

[[nodiscard]] constexpr bool is_tchar(std::uint8_t c) noexcept {  // RFC 7230 §3.2.6
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

[[nodiscard]] ByteView trim(ByteView v) noexcept {
    std::size_t b = 0, e = v.size();
    while (b < e && is_space(v[b])) ++b;
    while (e > b && is_space(v[e - 1])) --e;
    return *v.subview(b, e - b);  // cannot fail: b <= e <= size
}

[[nodiscard]] bool iequals(ByteView v, std::string_view upper) noexcept {
    if (v.size() != upper.size()) return false;
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto c = v[i];
        if (c >= 'a' && c <= 'z') c = static_cast<std::uint8_t>(c - 'a' + 'A');
        if (c != static_cast<std::uint8_t>(upper[i])) return false;
    }
    return true;
}

[[nodiscard]] bool equals(ByteView v, std::string_view s) noexcept { return v.size() == s.size() && v.starts_with(s); }

// Position of the first `c` at or after `from`, or nullopt.
[[nodiscard]] std::optional<std::size_t> find(ByteView v, std::uint8_t c, std::size_t from) noexcept {
    for (std::size_t i = from; i < v.size(); ++i)
        if (v[i] == c) return i;
    return std::nullopt;
}

// [from, end) with one trailing CR removed.
[[nodiscard]] ByteView line_of(ByteView v, std::size_t from, std::size_t end) noexcept {
    if (end > from && v[end - 1] == kCr) --end;
    return *v.subview(from, end - from);  // cannot fail: from <= end <= size
}

// Splits `line` at its first space: {token, rest after the space}; rest is
// empty and `found` false when there is no space.
struct Split {
    ByteView token, rest;
    bool found = false;
};
[[nodiscard]] Split split_space(ByteView line) noexcept {
    if (const auto sp = find(line, ' ', 0)) return {line.prefix(*sp), line.tail(*sp + 1), true};
    return {line, {}, false};
}

[[nodiscard]] bool read_start_line(ByteView line, Message& m) noexcept {
    if (line.starts_with("HTTP/")) {
        // HTTP-version SP status-code [SP reason-phrase]; the reason may be absent.
        const Split v = split_space(line);
        const Split code = split_space(v.rest);
        if (!v.found || code.token.size() != 3) return false;
        std::uint16_t status = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            const auto c = code.token[i];
            if (c < '0' || c > '9') return false;
            status = static_cast<std::uint16_t>(status * 10 + (c - '0'));
        }
        m.kind = Kind::Response;
        m.version = v.token;
        m.status = status;
        m.reason = code.rest;
        return true;
    }
    const Split method = split_space(line);
    const Split uri = split_space(method.rest);
    if (!method.found || !uri.found || method.token.empty() || uri.token.empty() ||
        !uri.rest.starts_with("HTTP/"))
        return false;
    for (std::size_t i = 0; i < method.token.size(); ++i)
        if (!is_tchar(method.token[i])) return false;
    m.method = method.token;
    m.uri = uri.token;
    m.version = uri.rest;
    m.kind = equals(m.method, "NOTIFY") ? Kind::Notify : equals(m.method, "M-SEARCH") ? Kind::MSearch
                                                                                     : Kind::OtherRequest;
    return true;
}

void apply_header(Message& m, ByteView name, ByteView value) noexcept {
    struct Field {
        std::string_view name;
        ByteView Message::*slot;
    };
    static constexpr Field kFields[] = {
        {"SERVER", &Message::server}, {"USER-AGENT", &Message::user_agent}, {"NT", &Message::nt},
        {"NTS", &Message::nts},       {"ST", &Message::st},                 {"USN", &Message::usn},
        {"LOCATION", &Message::location}, {"MAN", &Message::man},
    };
    for (const auto& f : kFields) {
        if (!iequals(name, f.name)) continue;
        if ((m.*f.slot).data() == nullptr) m.*f.slot = value;  // first occurrence wins
        return;
    }
}

// Fills `m`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView payload, Message& m) noexcept {
    const auto first_lf = find(payload, kLf, 0);
    if (!first_lf) {
        if (payload.size() > kMaxLineBytes) return ParseError::limit(kMaxLineBytes, kErrLineTooLong);
        return ParseError::truncated(payload.size(), kErrTruncated);
    }
    if (*first_lf > kMaxLineBytes) return ParseError::limit(kMaxLineBytes, kErrLineTooLong);
    if (!read_start_line(line_of(payload, 0, *first_lf), m)) return ParseError::malformed(0, kErrBadStartLine);

    std::size_t pos = *first_lf + 1;
    while (pos < payload.size()) {
        const auto lf = find(payload, kLf, pos);
        if (!lf) {
            m.partial_line = true;
            break;
        }
        const ByteView line = line_of(payload, pos, *lf);
        pos = *lf + 1;
        if (line.empty()) {
            m.complete = true;
            break;
        }
        if (std::size_t{m.header_count} + m.bad_lines + m.long_lines >= kMaxHeaders) {
            ++m.headers_dropped;
            continue;
        }
        if (line.size() > kMaxLineBytes) {
            ++m.long_lines;
            continue;
        }
        const auto colon = find(line, ':', 0);
        if (is_space(line[0]) || !colon) {  // obsolete folding (RFC 7230 §3.2.4), or not a header
            ++m.bad_lines;
            continue;
        }
        ++m.header_count;
        apply_header(m, trim(line.prefix(*colon)), trim(line.tail(*colon + 1)));
    }
    return std::nullopt;
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    Result<Message> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(payload, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::ssdp
