// Fuzz target for HTTP/1.x heads (dissectors/http) and their mapper
// (posture/evidence/http). Parses the input as a whole stream, at a head
// offset found in it, and as every split the pipeline could hand over;
// checks that views lie inside the input, counts respect their caps, a
// NeedMore asks for more than it has, and mapped strings are capped. A
// violated invariant aborts. Seeds: tests/fuzz/corpus/http/
// (tests/unit/dissectors/http_messages.h).
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>

#include "dissectors/http/http.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/http.h"

namespace {

using dissect::ByteView;
namespace http = dissect::http;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

void check_message(ByteView input, const http::Message& m) {
    for (const ByteView v : {m.method, m.target, m.reason, m.host, m.user_agent, m.server, m.auth_scheme,
                             m.auth_token, m.proxy_auth_scheme, m.challenge_token, m.content_type})
        require(within(input, v));
    require(m.header_count <= http::kMaxHeaders);
    require(m.method.size() <= http::kMaxMethodBytes);
    require(m.head_bytes <= input.size() && m.head_bytes <= http::kMaxHeaderBytes);
    require(!http::need_more(m) || m.need_bytes > input.size());
    require(!(m.cut && http::need_more(m)));
    std::uint64_t body = 0;
    if (http::body_length(m, body)) require(!m.chunked || m.kind == http::Kind::Response);
    require(!(m.content_length_valid && m.content_length_bad));
}

void check_output(const posture::evidence::Sink& out) {
    for (const auto& f : out) {
        if (const auto* s = f.entry.as_string()) require(s->size() <= posture::kMaxString);
        if (const auto* e = f.entry.as_map())
            for (const auto& [k, v] : *e)
                if (const auto* s = v.as_string()) require(s->size() <= posture::kMaxString);
        for (const auto& o : f.observations) require(o.detail.size() <= posture::kMaxString);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    const auto m = http::parse(input);
    if (m) {
        check_message(input, *m);
        if (!http::need_more(*m) && !m->cut) {
            const auto next = http::parse(input, m->head_bytes);  // e.g. after "100 Continue"
            if (next) check_message(input, *next);
        }
    }
    static const posture::Databases db;
    const dissect::packet::Decoded dec;
    for (const bool from_client : {true, false}) {
        const posture::evidence::PacketContext ctx{&dec, from_client, 0, &db};
        posture::evidence::Sink out;
        // As the pipeline calls it: on a growing buffer until done or an
        // error, from the message after each one the mapper consumed, at
        // most kMaxStreamMessages of them.
        std::size_t cursor = 0, messages = 0;
        for (std::size_t n = size < 64 ? 0 : size - 64; n <= size; ++n) {
            out.clear();
            const auto r = posture::evidence::http_stream(input.prefix(n).tail(cursor), ctx, out);
            check_output(out);
            if (!r || r->done) break;
            if (r->consumed > 0) {
                // A body may end past the bytes buffered so far.
                require(r->need_bytes > r->consumed);
                cursor += r->consumed;
                if (++messages == posture::evidence::kMaxStreamMessages) break;
                n = std::max(n, cursor);  // the next message's first bytes
                continue;
            }
            require(r->need_bytes > (n > cursor ? n - cursor : 0));
            require(out.empty());
        }
    }
    return 0;
}
