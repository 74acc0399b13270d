#include "dissectors/http/http.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::http {
namespace {

constexpr std::uint8_t kCr = '\r';
constexpr std::uint8_t kLf = '\n';
constexpr std::uint8_t kSp = ' ';
constexpr std::uint8_t kHt = '\t';
constexpr std::string_view kVersionPrefix = "HTTP/";

// How far a start line checks out. More: valid so far, but the bytes ran out
// before the line could be judged. Http09: a request line without a version.
enum class Scan : std::uint8_t { Ok, More, Bad, Http09 };

[[nodiscard]] constexpr bool is_digit(std::uint8_t c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_blank(std::uint8_t c) noexcept { return c == kSp || c == kHt; }
[[nodiscard]] constexpr std::uint8_t lower(std::uint8_t c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c | 0x20) : c;
}

// RFC 9110 §5.6.2 tchar.
[[nodiscard]] constexpr bool is_tchar(std::uint8_t c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)) return true;
    switch (c) {
        case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
        case '-': case '.': case '^': case '_': case '`': case '|': case '~': return true;
        default: return false;
    }
}

[[nodiscard]] ByteView strip_trailing_cr(ByteView v) noexcept {
    return (!v.empty() && v[v.size() - 1] == kCr) ? v.prefix(v.size() - 1) : v;
}

// The next line (without its LF and a CR before it); advances past the LF.
// nullopt, cursor unchanged, when no LF follows.
[[nodiscard]] std::optional<ByteView> next_line(ByteReader& r) noexcept {
    const ByteView rest = r.rest();
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] != kLf) continue;
        const ByteView line = *r.take(i);  // cannot fail: i < remaining
        (void)r.skip(1);                   // the LF
        return strip_trailing_cr(line);
    }
    return std::nullopt;
}

// OWS (RFC 9110 §5.6.3) removed from both ends.
[[nodiscard]] ByteView trim_ows(ByteView v) noexcept {
    std::size_t b = 0;
    std::size_t e = v.size();
    while (b < e && is_blank(v[b])) ++b;
    while (e > b && is_blank(v[e - 1])) --e;
    return *v.subview(b, e - b);
}

// "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3).
[[nodiscard]] Scan scan_version(ByteReader& r, Message& m) noexcept {
    for (const char want : kVersionPrefix) {
        const auto c = r.u8();
        if (!c) return Scan::More;
        if (*c != static_cast<std::uint8_t>(want)) return Scan::Bad;
    }
    const auto major = r.u8();
    if (!major) return Scan::More;
    if (!is_digit(*major)) return Scan::Bad;
    const auto dot = r.u8();
    if (!dot) return Scan::More;
    if (*dot != '.') return Scan::Bad;
    const auto minor = r.u8();
    if (!minor) return Scan::More;
    if (!is_digit(*minor)) return Scan::Bad;
    m.version_major = static_cast<std::uint8_t>(*major - '0');
    m.version_minor = static_cast<std::uint8_t>(*minor - '0');
    return Scan::Ok;
}

// request-line = method SP request-target SP HTTP-version (RFC 9112 §3),
// parsed the lenient way RFC 9112 §3 allows a recipient: runs of blanks
// separate the parts, the version is the last word and the target is all
// between. Scanners send targets with spaces in them (Nikto's
// "/cgi-bin/handler/netsonar;cat /etc/passwd|?data=Download"), and some
// clients pad with several spaces; tshark reads both. Bytes are checked as
// they arrive; the version only once the line is complete.
[[nodiscard]] Scan scan_request_line(ByteView line, bool complete, Message& m) noexcept {
    m.kind = Kind::Request;
    ByteReader r(line);
    std::size_t n = 0;
    for (;;) {
        const auto c = r.u8();
        if (!c) return complete ? Scan::Bad : Scan::More;
        if (is_blank(*c)) break;
        if (!is_tchar(*c) || ++n > kMaxMethodBytes) return Scan::Bad;
    }
    if (n == 0) return Scan::Bad;
    m.method = line.prefix(n);
    const ByteView rest = trim_ows(r.rest());
    // Raw UTF-8 in targets is common enough to accept; control bytes are not.
    for (std::size_t i = 0; i < rest.size(); ++i)
        if ((rest[i] < 0x20 && !is_blank(rest[i])) || rest[i] == 0x7f) return Scan::Bad;
    if (!complete) return Scan::More;
    if (rest.empty()) return Scan::Bad;
    std::size_t last = rest.size();  // start of the last word
    while (last > 0 && !is_blank(rest[last - 1])) --last;
    if (last == 0) return Scan::Http09;  // "GET /path": no version at all
    ByteReader v(rest.tail(last));
    if (scan_version(v, m) != Scan::Ok || !v.empty()) return Scan::Bad;
    m.target = trim_ows(rest.prefix(last));  // not empty: rest starts with a non-blank
    return Scan::Ok;
}

// status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4),
// with blank runs accepted as separators. The SP after the code is optional
// here: some embedded servers omit it.
[[nodiscard]] Scan scan_status_line(ByteView line, Message& m) noexcept {
    m.kind = Kind::Response;
    ByteReader r(line);
    const Scan v = scan_version(r, m);
    if (v != Scan::Ok) return v;
    const auto sp = r.u8();
    if (!sp) return Scan::More;
    if (!is_blank(*sp)) return Scan::Bad;
    while (r.peek_u8() && is_blank(*r.peek_u8())) (void)r.u8();
    std::uint16_t code = 0;
    for (int i = 0; i < 3; ++i) {
        const auto d = r.u8();
        if (!d) return Scan::More;
        if (!is_digit(*d)) return Scan::Bad;
        code = static_cast<std::uint16_t>(code * 10 + (*d - '0'));
    }
    if (code < 100) return Scan::Bad;
    m.status = code;
    if (r.empty()) return Scan::Ok;
    if (!is_blank(*r.u8())) return Scan::Bad;  // cannot fail: !r.empty()
    m.reason = trim_ows(r.rest());
    return Scan::Ok;
}

// A status line starts with "HTTP/"; a shorter prefix of it may still become one.
[[nodiscard]] bool status_line_candidate(ByteView line) noexcept {
    if (line.size() >= kVersionPrefix.size()) return line.starts_with(kVersionPrefix);
    return kVersionPrefix.starts_with(line.as_chars());
}

}  // namespace

bool body_length(const Message& m, std::uint64_t& out) noexcept {
    if (m.kind == Kind::Response && ((m.status >= 100 && m.status < 200) || m.status == 204 || m.status == 304)) {
        out = 0;
        return true;
    }
    if (m.chunked || m.content_length_bad) return false;
    if (m.content_length_valid) {
        out = m.content_length;
        return true;
    }
    if (m.kind == Kind::Request) {
        out = 0;
        return true;
    }
    return false;  // a response without framing runs to the connection's close
}

bool iequals(ByteView v, std::string_view lower_text) noexcept {
    if (v.size() != lower_text.size()) return false;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (lower(v[i]) != static_cast<std::uint8_t>(lower_text[i])) return false;
    return true;
}

namespace {

// Content-Length = 1*DIGIT (RFC 9110 §8.6); repeats must agree.
void content_length(Message& m, ByteView value) noexcept {
    if (m.content_length_bad) return;
    std::uint64_t n = 0;
    bool ok = !value.empty() && value.size() <= 18;
    for (std::size_t i = 0; ok && i < value.size(); ++i) {
        if (value[i] < '0' || value[i] > '9') ok = false;
        else n = n * 10 + static_cast<std::uint64_t>(value[i] - '0');
    }
    if (!ok || (m.content_length_valid && m.content_length != n)) {
        m.content_length_bad = true;
        m.content_length_valid = false;
        return;
    }
    m.content_length = n;
    m.content_length_valid = true;
}

// True when the last transfer coding in a Transfer-Encoding value is chunked.
bool last_coding_chunked(ByteView value) noexcept {
    std::size_t end = value.size();
    while (end > 0 && (is_blank(value[end - 1]) || value[end - 1] == ',')) --end;
    std::size_t begin = end;
    while (begin > 0 && value[begin - 1] != ',') --begin;
    const ByteView last = trim_ows(value.tail(begin).prefix(end - begin));
    return iequals(last, "chunked");
}

void apply_field(Message& m, ByteView line) noexcept {
    ++m.header_count;
    if (is_blank(line[0])) {  // line is never empty here
        ++m.folded_lines;
        return;
    }
    std::size_t colon = 0;
    while (colon < line.size() && line[colon] != ':') {
        // RFC 9112 §5.1: no whitespace between name and colon. Such a line is
        // skipped rather than trusted (request smuggling uses it).
        if (!is_tchar(line[colon])) {
            ++m.bad_lines;
            return;
        }
        ++colon;
    }
    if (colon == 0 || colon == line.size()) {
        ++m.bad_lines;
        return;
    }
    const ByteView name = line.prefix(colon);
    const ByteView value = trim_ows(line.tail(colon + 1));
    // First occurrence wins; an empty first value leaves room for a later one.
    auto set = [&](ByteView& field) {
        if (field.empty()) field = value;
    };
    std::size_t scheme_len = 0;
    while (scheme_len < value.size() && !is_blank(value[scheme_len])) ++scheme_len;
    const ByteView scheme_name = value.prefix(scheme_len);
    const bool ntlm_like = iequals(scheme_name, "ntlm") || iequals(scheme_name, "negotiate");
    const ByteView token = trim_ows(value.tail(scheme_len));
    auto scheme = [&](ByteView& field) {
        if (field.empty()) field = scheme_name;
    };
    switch (lower(name[0])) {
        case 'h': if (iequals(name, "host")) set(m.host); break;
        case 'u': if (iequals(name, "user-agent")) set(m.user_agent); break;
        case 's': if (iequals(name, "server")) set(m.server); break;
        case 'a':
            if (iequals(name, "authorization") && m.auth_scheme.empty()) {
                scheme(m.auth_scheme);
                if (ntlm_like) m.auth_token = token;
            }
            break;
        case 'w':
            if (iequals(name, "www-authenticate") && m.challenge_token.empty() && ntlm_like) m.challenge_token = token;
            break;
        case 'p': if (iequals(name, "proxy-authorization")) scheme(m.proxy_auth_scheme); break;
        case 'c':
            if (iequals(name, "content-type")) set(m.content_type);
            else if (iequals(name, "content-length")) content_length(m, value);
            break;
        case 't':
            if (iequals(name, "transfer-encoding")) m.chunked = last_coding_chunked(value);
            break;
        default: break;
    }
}

[[nodiscard]] Result<Message> parse_head(ByteView stream, std::size_t at) noexcept {
    // Only the first kMaxHeaderBytes count; a fuller buffer means "parse what is there".
    const ByteView in = stream.prefix(kMaxHeaderBytes);
    const bool full = stream.size() >= kMaxHeaderBytes;
    ByteReader r(in);
    (void)r.skip(at);  // at <= in.size(): it is the end of a previous head
    Message m;

    std::size_t start_at = 0;
    std::optional<ByteView> start;
    for (std::size_t empties = 0;; ++empties) {
        start_at = r.offset();
        start = next_line(r);
        if (!start || !start->empty() || empties >= kMaxLeadingEmptyLines) break;
    }
    const bool complete = start.has_value();
    const ByteView line = complete ? *start : strip_trailing_cr(r.rest());
    const Scan s = status_line_candidate(line) ? scan_status_line(line, m) : scan_request_line(line, complete, m);
    if (!complete) {
        if (s == Scan::Bad) return fail(ParseError::malformed(start_at, "http start line"));
        if (full) return fail(ParseError::limit(start_at, "http start line too long"));
        m.need_bytes = stream.size() + 1;
        return m;
    }
    if (s == Scan::Http09) return fail(ParseError::unsupported(start_at, "http/0.9 request"));
    if (s != Scan::Ok) return fail(ParseError::malformed(start_at, "http start line"));

    for (;;) {
        const auto field = next_line(r);
        if (!field) {
            if (full) {
                m.cut = true;
            } else {
                m.need_bytes = stream.size() + 1;
            }
            return m;
        }
        if (field->empty()) {
            m.head_bytes = r.offset();
            return m;
        }
        if (m.header_count >= kMaxHeaders) {
            ++m.headers_dropped;
            continue;
        }
        apply_field(m, *field);
    }
}

}  // namespace

Result<Message> parse(ByteView stream, std::size_t at) noexcept {
    if (at > stream.size() || at > kMaxHeaderBytes) return fail(ParseError::malformed(0, "http head offset"));
    return parse_head(stream, at);
}

}  // namespace dissect::http
