// posture/kb/p0f_db.cc
// p0f v3 fingerprint file reader and TCP signature matcher: see p0f_db.h.
// The parsing rules (what is accepted where, and the error cases) and the
// matching order mirror p0f 3.09b's readfp.c and fp_tcp.c; the code is ours.
#include "posture/kb/p0f_db.h"

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

namespace posture {
namespace {

constexpr int kMinTcp4 = 40;            // IPv4 + TCP headers without options
constexpr int kMinTcp6 = 60;            // IPv6 + TCP headers without options
constexpr int kEthernetMtu = 1500;
constexpr int kTimestampBytes = 12;     // some stacks take the timestamp option off the MSS
constexpr int kMinMssForMultiplier = 100;
constexpr std::uint16_t kSendsynMss = 1331;  // p0f-sendsyn's probe MSS (SPECIAL_MSS)
constexpr std::string_view kNameChars = " ./-_!?()";  // p0f's NAME_CHARS, besides alphanumerics

// ---- matching ----

// A packet or a signature, as p0f's struct tcp_sig holds either: the matcher
// also compares a new signature with the loaded ones to reject duplicates.
struct Probe {
    std::int8_t ip_ver = 4;
    std::uint8_t ttl = 0;
    std::uint8_t ip_opt_len = 0;
    std::int32_t mss = 0;
    P0fWindow win_type = P0fWindow::Normal;
    std::uint16_t win = 0;
    std::int16_t wscale = 0;
    const P0fLayout* layout = nullptr;
    std::uint8_t eol_pad = 0;
    std::uint32_t quirks = 0;
    std::int8_t pay_class = 0;
    std::uint16_t tot_hdr = 0;
    std::uint32_t ts1 = 0;
};

Probe probe_of(const P0fPacket& pk) {
    Probe t;
    t.ip_ver = static_cast<std::int8_t>(pk.ip_ver);
    t.ttl = pk.ttl;
    t.ip_opt_len = pk.ip_opt_len;
    t.mss = pk.mss;
    t.win = pk.win;
    t.wscale = pk.wscale;
    t.layout = &pk.layout;
    t.eol_pad = pk.eol_pad;
    t.quirks = pk.quirks;
    t.pay_class = pk.payload ? 1 : 0;
    t.tot_hdr = pk.tot_hdr;
    t.ts1 = pk.ts1;
    return t;
}

Probe probe_of(const P0fSig& s) {
    Probe t;
    t.ip_ver = s.ip_ver;
    t.ttl = s.ttl;
    t.ip_opt_len = s.ip_opt_len;
    t.mss = s.mss;
    t.win_type = s.win_type;
    t.win = s.win;
    t.wscale = s.wscale;
    t.layout = &s.layout;
    t.eol_pad = s.eol_pad;
    t.quirks = s.quirks;
    t.pay_class = s.pay_class;
    return t;
}

// The hop count p0f assumes for a TTL that matched nothing: up to the next of
// the usual initial TTLs.
std::uint8_t guess_dist(std::uint8_t ttl) {
    if (ttl <= 32) return static_cast<std::uint8_t>(32 - ttl);
    if (ttl <= 64) return static_cast<std::uint8_t>(64 - ttl);
    if (ttl <= 128) return static_cast<std::uint8_t>(128 - ttl);
    return static_cast<std::uint8_t>(255 - ttl);
}

// Is the window a multiple of the MSS (or of the MTU, `use_mtu`)? The first
// rule that divides wins, in p0f's order. -1 when none does.
int win_multiplier(const Probe& t, bool& use_mtu, std::uint16_t syn_mss) {
    const int win = t.win;
    const int mss = t.mss;
    if (!win || mss < kMinMssForMultiplier || t.win_type != P0fWindow::Normal) return -1;
    int result = -1;
    const auto divides = [&](int d, bool mtu) {
        if (d <= 0 || win % d != 0) return false;
        use_mtu = mtu;
        result = win / d;
        return true;
    };
    if (divides(mss, false)) return result;
    if (t.ts1 && divides(mss - kTimestampBytes, false)) return result;
    // Some stacks use the MTU of another interface; the most common case.
    if (divides(kEthernetMtu - kMinTcp4, false)) return result;
    if (divides(kEthernetMtu - kMinTcp4 - kTimestampBytes, false)) return result;
    if (t.ip_ver == 6) {
        if (divides(kEthernetMtu - kMinTcp6, false)) return result;
        if (divides(kEthernetMtu - kMinTcp6 - kTimestampBytes, false)) return result;
    }
    // Some use the MTU instead of the MSS.
    if (divides(mss + kMinTcp4, true)) return result;
    if (divides(mss + t.tot_hdr, true)) return result;
    if (t.ip_ver == 6 && divides(mss + kMinTcp6, true)) return result;
    if (divides(kEthernetMtu, true)) return result;
    // On SYN+ACKs, some use the peer's MSS. (p0f divides by syn_mss - 12 even
    // when that is zero or negative; such divisors never give a usable
    // multiplier, and this is the last rule, so skipping them is the same.)
    if (syn_mss) {
        if (divides(syn_mss, false)) return result;
        if (divides(syn_mss - kTimestampBytes, false)) return result;
    }
    return -1;
}

P0fMatch find(const std::vector<P0fSig>& sigs, const Probe& t, bool dupe_check, std::uint16_t syn_mss) {
    const P0fSig* fuzzy_match = nullptr;
    const P0fSig* generic_match = nullptr;
    bool use_mtu = false;
    const int win_multi = win_multiplier(t, use_mtu, syn_mss);

    for (const P0fSig& ref : sigs) {
        if (!(ref.layout == *t.layout)) continue;  // p0f buckets by a hash of the layout
        bool fuzzy = false;
        std::uint32_t ref_quirks = ref.quirks;
        // A signature for both IP versions drops the other version's quirks.
        if (ref.ip_ver == -1)
            ref_quirks &= t.ip_ver == 4 ? ~std::uint32_t{kQuirkFlow} : ~std::uint32_t{kQuirkDf | kQuirkNzId | kQuirkZeroId};
        if (ref_quirks != t.quirks) {
            const std::uint32_t deleted = (ref_quirks ^ t.quirks) & ref_quirks;
            const std::uint32_t added = (ref_quirks ^ t.quirks) & t.quirks;
            // 'df' or 'id+' may disappear and 'id-' or 'ecn' appear (middleboxes
            // rewrite them), for a fuzzy match; only the first one counts.
            if (fuzzy_match || (deleted & ~std::uint32_t{kQuirkDf | kQuirkNzId}) ||
                (added & ~std::uint32_t{kQuirkZeroId | kQuirkEcn}))
                continue;
            fuzzy = true;
        }
        if (ref.eol_pad != t.eol_pad || ref.ip_opt_len != t.ip_opt_len) continue;
        if (ref.bad_ttl) {
            if (ref.ttl < t.ttl) continue;
        } else if (ref.ttl < t.ttl || ref.ttl - t.ttl > kP0fMaxDist) {
            fuzzy = true;
        }
        if (ref.mss != -1 && ref.mss != t.mss) continue;
        if (ref.wscale != -1 && ref.wscale != t.wscale) continue;
        if (ref.pay_class != -1 && ref.pay_class != t.pay_class) continue;
        if (t.win_type != P0fWindow::Normal) {  // two signatures
            if (ref.win_type != t.win_type || ref.win != t.win) continue;
        } else {
            switch (ref.win_type) {
                case P0fWindow::Normal:
                    if (ref.win != t.win) continue;
                    break;
                case P0fWindow::Mod:
                    if (t.win % ref.win) continue;
                    break;
                case P0fWindow::Mss:
                    if (use_mtu || ref.win != win_multi) continue;
                    break;
                case P0fWindow::Mtu:
                    if (!use_mtu || ref.win != win_multi) continue;
                    break;
                case P0fWindow::Any: break;
            }
        }
        if (!fuzzy) {
            if (!ref.generic) return P0fMatch{&ref, P0fMatchKind::Exact, static_cast<std::uint8_t>(ref.ttl - t.ttl)};
            if (!generic_match) generic_match = &ref;
        } else if (!fuzzy_match) {
            fuzzy_match = &ref;
        }
    }
    if (dupe_check) return {};
    if (generic_match)
        return P0fMatch{generic_match, P0fMatchKind::Generic, static_cast<std::uint8_t>(generic_match->ttl - t.ttl)};
    if (fuzzy_match && fuzzy_match->userland) return {};  // no fuzzy matching for tools
    if (!fuzzy_match) return P0fMatch{nullptr, P0fMatchKind::None, guess_dist(t.ttl)};
    const bool ttl_out_of_range = fuzzy_match->ttl < t.ttl ||
                                  (!fuzzy_match->bad_ttl && fuzzy_match->ttl - t.ttl > kP0fMaxDist);
    const std::uint8_t dist =
        ttl_out_of_range ? guess_dist(t.ttl) : static_cast<std::uint8_t>(fuzzy_match->ttl - t.ttl);
    return P0fMatch{fuzzy_match, P0fMatchKind::Fuzzy, dist};
}

// ---- parsing ----

class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}
    [[nodiscard]] char peek(std::size_t ahead = 0) const { return ahead < s_.size() ? s_[ahead] : '\0'; }
    [[nodiscard]] bool eat(std::string_view prefix) {
        if (!s_.starts_with(prefix)) return false;
        s_.remove_prefix(prefix.size());
        return true;
    }
    // Leading digits as a number (0 when there are none, as atol() gives),
    // saturated so that an absurd value fails the range checks.
    long digits() {
        long v = 0;
        while (!s_.empty() && std::isdigit(static_cast<unsigned char>(s_.front()))) {
            v = v < 100000 ? v * 10 + (s_.front() - '0') : v;
            s_.remove_prefix(1);
        }
        return v;
    }
    [[nodiscard]] std::string_view rest() const { return s_; }
    [[nodiscard]] bool empty() const { return s_.empty(); }

private:
    std::string_view s_;
};

struct ParseFailure {
    std::string message;
};

std::optional<std::uint32_t> quirk_bit(Cursor& c) {
    static constexpr std::pair<std::string_view, std::uint32_t> kQuirks[] = {
        {"df", kQuirkDf},          {"id+", kQuirkNzId},        {"id-", kQuirkZeroId},      {"ecn", kQuirkEcn},
        {"0+", kQuirkNzMbz},       {"flow", kQuirkFlow},       {"seq-", kQuirkZeroSeq},    {"ack+", kQuirkNzAck},
        {"ack-", kQuirkZeroAck},   {"uptr+", kQuirkNzUrg},     {"urgf+", kQuirkUrg},       {"pushf+", kQuirkPush},
        {"ts1-", kQuirkOptZeroTs1}, {"ts2+", kQuirkOptNzTs2},  {"opt+", kQuirkOptEolNz},   {"exws", kQuirkOptExws},
        {"bad", kQuirkOptBad},
    };
    for (const auto& [text, bit] : kQuirks)
        if (c.eat(text)) return bit;
    return std::nullopt;
}

// One TCP 'sig' value: ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass.
// Returns an error message (without file and line) or fills `s`.
std::optional<std::string> parse_tcp_sig(std::string_view value, P0fSig& s) {
    Cursor c(value);
    // IP version
    if (c.eat("4")) s.ip_ver = 4;
    else if (c.eat("6")) s.ip_ver = 6;
    else if (c.eat("*")) s.ip_ver = -1;
    else return "unrecognized IP version";
    if (!c.eat(":")) return "malformed signature";
    // Initial TTL: "64", "64+10" (observed + distance) or "64-" (random TTL)
    const long ttl = c.digits();
    if (c.peek() != ':' && c.peek() != '+' && c.peek() != '-') return "malformed signature";
    if (ttl < 1 || ttl > 255) return "bogus initial TTL";
    long ittl = ttl;
    if (c.peek() == '-' && c.peek(1) == ':') {
        s.bad_ttl = true;
        (void)c.eat("-");
    } else if (c.eat("+")) {
        const long add = c.digits();
        if (c.peek() != ':') return "malformed signature";
        if (ittl + add > 255) return "bogus initial TTL";
        ittl += add;
    } else if (c.peek() != ':') {
        return "malformed signature";
    }
    (void)c.eat(":");
    s.ttl = static_cast<std::uint8_t>(ittl);
    // IP options length
    const long olen = c.digits();
    if (!c.eat(":")) return "malformed signature";
    if (olen > 255) return "bogus IP option length";
    s.ip_opt_len = static_cast<std::uint8_t>(olen);
    // MSS
    if (c.eat("*:")) {
        s.mss = -1;
    } else {
        const long mss = c.digits();
        if (!c.eat(":")) return "malformed signature";
        if (mss > 65535) return "bogus MSS";
        s.mss = static_cast<std::int32_t>(mss);
    }
    // Window size, then ','
    if (c.eat("*,")) {
        s.win_type = P0fWindow::Any;
        s.win = 0;
    } else if (c.eat("%")) {
        s.win_type = P0fWindow::Mod;
        const long win = c.digits();
        if (!c.eat(",")) return "malformed signature";
        if (win < 2 || win > 65535) return "bogus '%' value";
        s.win = static_cast<std::uint16_t>(win);
    } else if (c.peek(0) == 'm' && c.peek(3) == '*' && (c.peek(1) == 's' || c.peek(1) == 't')) {
        s.win_type = c.eat("mss*") ? P0fWindow::Mss : c.eat("mtu*") ? P0fWindow::Mtu : P0fWindow::Normal;
        if (s.win_type == P0fWindow::Normal) return "malformed signature";
        const long mult = c.digits();
        if (!c.eat(",")) return "malformed signature";
        if (mult < 1 || mult > 1000) return "bogus MSS/MTU multiplier";
        s.win = static_cast<std::uint16_t>(mult);
    } else {
        s.win_type = P0fWindow::Normal;
        const long win = c.digits();
        if (!c.eat(",")) return "malformed signature";
        if (win > 65535) return "bogus window size";
        s.win = static_cast<std::uint16_t>(win);
    }
    // Window scale
    if (c.eat("*:")) {
        s.wscale = -1;
    } else {
        const long scale = c.digits();
        if (!c.eat(":")) return "malformed signature";
        if (scale > 255) return "bogus window scale";
        s.wscale = static_cast<std::int16_t>(scale);
    }
    // Option layout
    while (c.peek() != ':') {
        if (c.empty()) return "truncated options";
        if (s.layout.count >= kP0fMaxTcpOptions) return "too many TCP options";
        std::uint8_t kind = 0;
        if (c.eat("eol")) {
            if (!c.eat("+")) return "malformed EOL option";
            const long pad = c.digits();
            if (c.empty()) return "truncated options";
            if (c.peek() != ':') return "EOL must be the last option";
            if (pad > 255) return "bogus EOL padding";
            s.eol_pad = static_cast<std::uint8_t>(pad);
            kind = kTcpOptEol;
        } else if (c.eat("nop")) {
            kind = kTcpOptNop;
        } else if (c.eat("mss")) {
            kind = kTcpOptMss;
        } else if (c.eat("ws")) {
            kind = kTcpOptWscale;
        } else if (c.eat("sok")) {
            kind = kTcpOptSackOk;
        } else if (c.eat("sack")) {
            kind = kTcpOptSack;
        } else if (c.eat("ts")) {
            kind = kTcpOptTimestamp;
        } else if (c.eat("?")) {
            const long n = c.digits();
            if (c.peek() != ':' && c.peek() != ',') return "malformed '?' option";
            if (n > 255) return "bogus '?' option";
            kind = static_cast<std::uint8_t>(n);
        } else {
            return "unrecognized TCP option";
        }
        s.layout.kinds[s.layout.count++] = kind;
        if (c.peek() == ':') break;
        if (!c.eat(",")) return "malformed TCP options";
    }
    (void)c.eat(":");
    // Quirks
    while (c.peek() != ':') {
        if (c.empty()) return "truncated quirks";
        const auto bit = quirk_bit(c);
        if (!bit) return "unrecognized quirk";
        const bool v4_only = *bit & (kQuirkDf | kQuirkNzId | kQuirkZeroId | kQuirkNzMbz);
        if (v4_only && s.ip_ver == 6) return "quirk not valid for IPv6";
        if (*bit == kQuirkFlow && s.ip_ver == 4) return "quirk 'flow' not valid for IPv4";
        s.quirks |= *bit;
        if (c.peek() == ':') break;
        if (!c.eat(",")) return "malformed quirks";
    }
    (void)c.eat(":");
    // Payload class
    const std::string_view pclass = c.rest();
    if (pclass == "*") s.pay_class = -1;
    else if (pclass == "0") s.pay_class = 0;
    else if (pclass == "+") s.pay_class = 1;
    else return "malformed payload class";
    return std::nullopt;
}

bool name_char(char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || (ch != '\0' && kNameChars.find(ch) != std::string_view::npos);
}

bool same_nocase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

enum class Module : std::uint8_t { None, Mtu, Tcp, Http };
enum class State : std::uint8_t { NeedSection, NeedLabel, NeedSys, NeedSig };

class Reader {
public:
    explicit Reader(const std::string& name) : name_(name) {}

    std::optional<std::string> line(std::string_view text, unsigned line_no) {
        line_no_ = line_no;
        if (text.front() == '[') return section(text.substr(1));
        // Everything else is "name = value".
        std::size_t i = 0;
        while (i < text.size() && (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
        const std::string_view key = text.substr(0, i);
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (key.empty() || i >= text.size() || text[i] != '=') return error("unexpected statement");
        ++i;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        const std::string_view value = text.substr(i);
        if (key == "classes") {
            if (state_ != State::NeedSection) return error("misplaced 'classes'");
            return classes(value);
        }
        if (key == "ua_os") {
            if (state_ != State::NeedLabel || module_ != Module::Http || !to_srv_) return error("misplaced 'ua_os'");
            return std::nullopt;
        }
        if (key == "label") {
            if (state_ != State::NeedLabel && state_ != State::NeedSig) return error("misplaced 'label'");
            if (auto e = label(value)) return e;
            state_ = module_ != Module::Mtu && label_.userland ? State::NeedSys : State::NeedSig;
            return std::nullopt;
        }
        if (key == "sys") {
            if (state_ != State::NeedSys) return error("misplaced 'sys'");
            state_ = State::NeedSig;
            return std::nullopt;
        }
        if (key == "sig") {
            if (state_ != State::NeedSig) return error("misplaced 'sig'");
            if (module_ == Module::Tcp) return tcp_sig(value);
            if (value.empty()) return error("empty signature");
            return std::nullopt;  // [mtu] and [http:*] signatures are not ours to read
        }
        return error("unrecognized field '" + std::string(key) + "'");
    }

    std::vector<P0fSig> sigs[2];

private:
    std::optional<std::string> error(const std::string& what) const {
        std::ostringstream out;
        out << name_ << ':' << line_no_ << ": " << what;
        return out.str();
    }

    std::optional<std::string> section(std::string_view s) {
        if (s == "mtu]") {
            module_ = Module::Mtu;
            state_ = State::NeedLabel;
            return std::nullopt;
        }
        const std::size_t colon = s.find(':');
        if (colon == std::string_view::npos) return error("malformed section identifier");
        const std::string_view mod = s.substr(0, colon);
        const std::string_view dir = s.substr(colon + 1);
        if (mod == "tcp") module_ = Module::Tcp;
        else if (mod == "http") module_ = Module::Http;
        else return error("unrecognized fingerprinting module '" + std::string(mod) + "'");
        if (dir == "request]") to_srv_ = true;
        else if (dir == "response]") to_srv_ = false;
        else return error("unrecognized traffic direction");
        state_ = State::NeedLabel;
        return std::nullopt;
    }

    std::optional<std::string> classes(std::string_view v) {
        std::size_t i = 0;
        while (i < v.size()) {
            while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) ++i;
            const std::size_t start = i;
            while (i < v.size() && std::isalnum(static_cast<unsigned char>(v[i]))) ++i;
            if (i == start || (i < v.size() && v[i] != ',')) return error("malformed class entry");
            classes_.emplace_back(v.substr(start, i - start));
        }
        return std::nullopt;
    }

    // "g:unix:Linux:3.x" / "s:!:NMap:SYN scan"; [mtu] labels are free text.
    std::optional<std::string> label(std::string_view v) {
        label_ = P0fSig{};
        if (module_ == Module::Mtu) {
            if (v.empty()) return error("empty MTU label");
            return std::nullopt;
        }
        label_.label = std::string(v);
        if (v.starts_with("g:")) label_.generic = true;
        else if (!v.starts_with("s:")) return error("malformed class entry");
        v.remove_prefix(2);
        std::size_t i = 0;
        while (i < v.size() && (std::isalnum(static_cast<unsigned char>(v[i])) || v[i] == '!')) ++i;
        if (i == 0 || i >= v.size() || v[i] != ':') return error("malformed class entry");
        const std::string_view cls = v.substr(0, i);
        if (cls.starts_with('!')) {  // p0f takes "!" followed by ':' as userland
            if (cls != "!") return error("malformed class entry");
            label_.userland = true;
        } else {
            bool known = false;
            for (const auto& c : classes_) known |= same_nocase(c, cls);
            if (!known) return error("unknown class '" + std::string(cls) + "'");
        }
        label_.os_class = std::string(cls);
        v.remove_prefix(i + 1);
        i = 0;
        while (i < v.size() && name_char(v[i])) ++i;
        if (i == 0 || i >= v.size() || v[i] != ':') return error("malformed name");
        label_.name = canonical_name(v.substr(0, i));
        label_.flavor = std::string(v.substr(i + 1));
        return std::nullopt;
    }

    // p0f keeps one spelling per name, compared without case: the first.
    std::string canonical_name(std::string_view n) {
        for (const auto& known : names_)
            if (same_nocase(known, n)) return known;
        names_.emplace_back(n);
        return names_.back();
    }

    std::optional<std::string> tcp_sig(std::string_view value) {
        P0fSig s = label_;
        s.line = line_no_;
        if (auto e = parse_tcp_sig(value, s)) return error(*e + " in '" + std::string(value) + "'");
        auto& list = sigs[to_srv_ ? 1 : 0];
        // p0f refuses a signature that an earlier one already matches exactly
        // (its matcher in duplicate mode: only an exact, specific match counts).
        if (const P0fMatch m = find(list, probe_of(s), true, 0); m.sig != nullptr)
            return error("signature is already covered by line " + std::to_string(m.sig->line));
        list.push_back(std::move(s));
        return std::nullopt;
    }

    const std::string& name_;
    unsigned line_no_ = 0;
    State state_ = State::NeedSection;
    Module module_ = Module::None;
    bool to_srv_ = false;
    std::vector<std::string> classes_;
    std::vector<std::string> names_;
    P0fSig label_;
};

}  // namespace

std::expected<P0fDb, std::string> P0fDb::parse(std::string_view text, const std::string& name) {
    Reader reader(name);
    unsigned line_no = 0;
    while (!text.empty() || line_no == 0) {
        ++line_no;
        const std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        // p0f keeps trailing blanks; we drop them (and a CR), which only
        // accepts files p0f would choke on.
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
        if (line.empty() || line.front() == ';') {
            if (text.empty()) break;
            continue;
        }
        if (auto e = reader.line(line, line_no)) return std::unexpected(std::move(*e));
        if (text.empty()) break;
    }
    P0fDb db;
    db.sigs_[0] = std::move(reader.sigs[0]);
    db.sigs_[1] = std::move(reader.sigs[1]);
    return db;
}

std::expected<P0fDb, std::string> P0fDb::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(path + ": cannot open for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::unexpected(path + ": read error");
    return parse(text.str(), path);
}

P0fMatch P0fDb::match(const P0fPacket& pk, std::uint16_t syn_mss) const noexcept {
    return find(sigs_[pk.syn_ack ? 0 : 1], probe_of(pk), false, syn_mss);
}

std::string p0f_signature(const P0fPacket& pk, std::uint16_t syn_mss) {
    std::string out;
    out.reserve(96);
    const std::uint8_t dist = guess_dist(pk.ttl);
    out += std::to_string(pk.ip_ver) + ':' + std::to_string(pk.ttl) + '+';
    out += dist > kP0fMaxDist ? std::string("?") : std::to_string(dist);
    out += ':' + std::to_string(pk.ip_opt_len) + ':';
    // A SYN+ACK echoing p0f-sendsyn's MSS: p0f suggests a wildcard.
    if (pk.mss == kSendsynMss && pk.syn_ack) out += "*:";
    else out += std::to_string(pk.mss) + ':';
    bool use_mtu = false;
    const int multi = win_multiplier(probe_of(pk), use_mtu, syn_mss);
    if (multi > 0) out += std::string(use_mtu ? "mtu*" : "mss*") + std::to_string(multi);
    else out += std::to_string(pk.win);
    out += ',' + std::to_string(pk.wscale) + ':';
    for (std::size_t i = 0; i < pk.layout.count; ++i) {
        if (i) out += ',';
        switch (pk.layout.kinds[i]) {
            case kTcpOptEol: out += "eol+" + std::to_string(pk.eol_pad); break;
            case kTcpOptNop: out += "nop"; break;
            case kTcpOptMss: out += "mss"; break;
            case kTcpOptWscale: out += "ws"; break;
            case kTcpOptSackOk: out += "sok"; break;
            case kTcpOptSack: out += "sack"; break;
            case kTcpOptTimestamp: out += "ts"; break;
            default: out += '?' + std::to_string(pk.layout.kinds[i]); break;
        }
    }
    out += ':';
    static constexpr std::pair<std::uint32_t, const char*> kNames[] = {
        {kQuirkDf, "df"},          {kQuirkNzId, "id+"},     {kQuirkZeroId, "id-"},      {kQuirkEcn, "ecn"},
        {kQuirkNzMbz, "0+"},       {kQuirkFlow, "flow"},    {kQuirkZeroSeq, "seq-"},    {kQuirkNzAck, "ack+"},
        {kQuirkZeroAck, "ack-"},   {kQuirkNzUrg, "uptr+"},  {kQuirkUrg, "urgf+"},       {kQuirkPush, "pushf+"},
        {kQuirkOptZeroTs1, "ts1-"}, {kQuirkOptNzTs2, "ts2+"}, {kQuirkOptEolNz, "opt+"}, {kQuirkOptExws, "exws"},
        {kQuirkOptBad, "bad"},
    };
    bool first = true;
    for (const auto& [bit, name] : kNames) {
        if (!(pk.quirks & bit)) continue;
        if (!first) out += ',';
        out += name;
        first = false;
    }
    out += pk.payload ? ":+" : ":0";
    return out;
}

std::string p0f_result(const P0fSig& sig) {
    return sig.flavor.empty() ? sig.name : sig.name + ' ' + sig.flavor;
}

}  // namespace posture
