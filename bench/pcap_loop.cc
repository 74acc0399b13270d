// bench/pcap_loop.cc
// Baseline for bench/pipeline.sh: the cheapest possible libpcap read loop over
// a file (pcap_next_ex and a byte sum so the read cannot be optimised away).
// Prints "packets bytes".
#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pcap_loop FILE\n");
        return 2;
    }
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(argv[1], err);
    if (!p) {
        std::fprintf(stderr, "pcap_loop: %s\n", err);
        return 1;
    }
    pcap_pkthdr* h;
    const u_char* d;
    std::uint64_t n = 0, bytes = 0, sum = 0;
    while (pcap_next_ex(p, &h, &d) == 1) {
        ++n;
        bytes += h->len;
        if (h->caplen > 12) sum += d[12];
    }
    pcap_close(p);
    std::printf("%llu %llu %llu\n", static_cast<unsigned long long>(n), static_cast<unsigned long long>(bytes),
                static_cast<unsigned long long>(sum & 1));
    return 0;
}
