// SSDP (dissectors/ssdp).
#include "dissectors/ssdp/ssdp.h"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/ssdp_messages.h"

namespace dissect::ssdp {
namespace {

using test::bytes;

// A view of `s`, which must outlive every view the parse returns.
ByteView text(std::string_view s) { return ByteView{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

template <std::size_t N>
void every_prefix(const char (&s)[N]) {
    const ByteView v = bytes(s);
    test::expect_prefixes_truncated_or_ok(std::span<const std::uint8_t>{v.data(), v.size()}, parse);
}

TEST(SsdpParse, Notify) {
    const auto m = parse(bytes(test::kSsdpNotifyCamera));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->kind, Kind::Notify);
    EXPECT_EQ(m->method.as_chars(), "NOTIFY");
    EXPECT_EQ(m->uri.as_chars(), "*");
    EXPECT_EQ(m->version.as_chars(), "HTTP/1.1");
    EXPECT_EQ(m->server.as_chars(), "Linux,    UPnP/1.0 DCS-935L/1.0");  // inner spaces kept
    EXPECT_EQ(m->nt.as_chars(), "upnp:rootdevice");
    EXPECT_EQ(m->nts.as_chars(), "ssdp:alive");
    EXPECT_EQ(m->usn.as_chars(), "uuid:b0c554255b0e-0::upnp:rootdevice");
    EXPECT_EQ(m->location.as_chars(), "http://10.10.10.37:50510/");
    EXPECT_TRUE(m->st.empty());
    EXPECT_TRUE(m->user_agent.empty());
    EXPECT_EQ(m->header_count, 7);
    EXPECT_TRUE(m->complete);
    EXPECT_FALSE(m->partial_line);
    EXPECT_EQ(m->bad_lines, 0);
}

TEST(SsdpParse, MSearch) {
    const auto m = parse(bytes(test::kSsdpMSearchCamera));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->kind, Kind::MSearch);
    EXPECT_EQ(m->st.as_chars(), "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
    EXPECT_EQ(m->man.as_chars(), "\"ssdp:discover\"");
    EXPECT_EQ(m->header_count, 4);
}

TEST(SsdpParse, SearchResponse) {
    const auto m = parse(bytes(test::kSsdpResponseHue));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->kind, Kind::Response);
    EXPECT_EQ(m->version.as_chars(), "HTTP/1.1");
    EXPECT_EQ(m->status, 200);
    EXPECT_EQ(m->reason.as_chars(), "OK");
    EXPECT_TRUE(m->method.empty());
    EXPECT_EQ(m->st.as_chars(), "upnp:rootdevice");
    EXPECT_EQ(m->usn.as_chars(), "uuid:2f402f80-da50-11e1-9b23-0017882476ff::upnp:rootdevice");
    EXPECT_EQ(m->server.as_chars(), "Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0");
    EXPECT_EQ(m->location.as_chars(), "http://10.10.10.6:80/description.xml");
    EXPECT_EQ(m->header_count, 8);  // EXT: with an empty value counts
}

TEST(SsdpParse, LineFeedsAloneAndLowercaseNames) {
    const auto m = parse(bytes(test::kSsdpNotifyWindowsRenderer));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->kind, Kind::Notify);
    EXPECT_EQ(m->nt.as_chars(), "urn:schemas-upnp-org:device:MediaRenderer:1");
    EXPECT_EQ(m->server.as_chars(), "Microsoft-Windows/10.0 UPnP/1.0 UPnP-Device-Host/1.0");
    EXPECT_TRUE(m->complete);
}

TEST(SsdpParse, FirstOccurrenceWinsAndValuesAreTrimmed) {
    const auto m = parse(text("NOTIFY * HTTP/1.1\r\nSERVER:\t first \t\r\nServer: second\r\nNT :x\r\n\r\n"));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->server.as_chars(), "first");
    EXPECT_EQ(m->nt.as_chars(), "x");  // space before the colon tolerated
}

TEST(SsdpParse, MissingBlankLineIsAccepted) {
    const std::string s = "NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\n";
    const auto m = parse(text(s));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->complete);
    EXPECT_FALSE(m->partial_line);
    EXPECT_EQ(m->nt.as_chars(), "upnp:rootdevice");
}

TEST(SsdpParse, LastLineWithoutLineFeedIsNotUsed) {
    const auto m = parse(text("NOTIFY * HTTP/1.1\r\nUSN: uuid:1\r\nNT: upnp:rootdev"));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->partial_line);
    EXPECT_EQ(m->usn.as_chars(), "uuid:1");
    EXPECT_TRUE(m->nt.empty());
}

TEST(SsdpParse, BadLinesAreCounted) {
    const auto m =
        parse(text("NOTIFY * HTTP/1.1\r\nno colon here\r\nNT: a\r\n  folded: continuation\r\nUSN: b\r\n\r\n"));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->bad_lines, 2);
    EXPECT_EQ(m->header_count, 2);
    EXPECT_EQ(m->nt.as_chars(), "a");
    EXPECT_EQ(m->usn.as_chars(), "b");
}

TEST(SsdpParse, BodyAfterBlankLineIsIgnored) {
    const auto m = parse(text("HTTP/1.1 200 OK\r\nST: a\r\n\r\nST: b\r\n"));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->st.as_chars(), "a");
    EXPECT_EQ(m->header_count, 1);
}

TEST(SsdpParse, HeadersPastCapAreCounted) {
    std::string s = "NOTIFY * HTTP/1.1\r\n";
    for (int i = 0; i < 40; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
    s += "NT: too late\r\n\r\n";
    const auto m = parse(text(s));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->header_count, kMaxHeaders);
    EXPECT_EQ(m->headers_dropped, 40 + 1 - kMaxHeaders);
    EXPECT_TRUE(m->nt.empty());
    EXPECT_TRUE(m->complete);
}

TEST(SsdpParse, LongHeaderLineIsSkipped) {
    const std::string s = "NOTIFY * HTTP/1.1\r\nSERVER: " + std::string(kMaxLineBytes, 'x') + "\r\nNT: a\r\n\r\n";
    const auto m = parse(text(s));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->long_lines, 1);
    EXPECT_TRUE(m->server.empty());
    EXPECT_EQ(m->nt.as_chars(), "a");
}

TEST(SsdpParse, StartLineForms) {
    const auto no_reason = parse(text("HTTP/1.1 200\r\n\r\n"));
    ASSERT_TRUE(no_reason);
    EXPECT_EQ(no_reason->status, 200);
    EXPECT_TRUE(no_reason->reason.empty());

    const auto other = parse(text("GET /description.xml HTTP/1.1\r\n\r\n"));
    ASSERT_TRUE(other);
    EXPECT_EQ(other->kind, Kind::OtherRequest);
    EXPECT_EQ(other->uri.as_chars(), "/description.xml");

    for (const char* bad : {"NOTIFY *\r\n\r\n", "NOTIFY * FTP/1.0\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",
                            "HTTP/1.1 2x0 OK\r\n\r\n", "NOT(IFY * HTTP/1.1\r\n\r\n", " * HTTP/1.1\r\n\r\n",
                            "\r\n"}) {
        const auto r = parse(text(bad));
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << bad;
        EXPECT_STREQ(r.error().what, kErrBadStartLine);
    }
}

TEST(SsdpParse, StartLineWithoutLineFeedIsTruncated) {
    const auto r = parse(text("NOTIFY * HTTP/1.1"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
    EXPECT_EQ(r.error().offset, 17u);
}

TEST(SsdpParse, LongStartLineIsLimitExceeded) {
    const std::string uri(kMaxLineBytes, '*');
    for (const std::string& s : {"NOTIFY " + uri + " HTTP/1.1\r\n\r\n", "NOTIFY " + uri}) {
        const auto r = parse(text(s));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::LimitExceeded);
        EXPECT_STREQ(r.error().what, kErrLineTooLong);
    }
}

TEST(SsdpParse, EveryPrefixIsTruncatedOrClean) {
    every_prefix(test::kSsdpNotifyCamera);
    every_prefix(test::kSsdpMSearchCamera);
    every_prefix(test::kSsdpResponseHue);
    every_prefix(test::kSsdpNotifyWindowsRenderer);
    every_prefix(test::kSsdpByebyeRouter);
    every_prefix(test::kSsdpMSearchChrome);
}

}  // namespace
}  // namespace dissect::ssdp
