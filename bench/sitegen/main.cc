// sitegen: writes a deterministic, realistic capture of a small office (or, with
// --devices > 200, a campus) as seen on a SPAN port, plus its ground truth.
//
//   sitegen --out DIR [--seed N] [--devices N] [--minutes M] [--scale K]
//   sitegen --rule-lab --out DIR      the rule lab instead (bench/sitegen/rulelab.h)
//
// Output: DIR/site.pcap, DIR/site_truth.tsv, DIR/site_truth.json. The same
// arguments always give byte-identical files.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

#include "bench/sitegen/flood.h"
#include "bench/sitegen/pcap_writer.h"
#include "bench/sitegen/rulelab.h"
#include "bench/sitegen/scenario.h"
#include "bench/sitegen/site.h"
#include "bench/sitegen/truth.h"

namespace {

void usage() {
    std::fprintf(stderr,
                 "usage: sitegen --out DIR [--seed N (1)] [--devices N (72, min 60)] [--minutes M (10)] "
                 "[--scale K (1)]\n       sitegen --rule-lab --out DIR\n"
                 "       sitegen --flood macs=N,flows=N,dhcp=N,mdns=N,ssdp=N --out DIR [--seed N] [--minutes M]\n"
                 "         (DIR/flood.pcap over the site's time window: mergecap it with site.pcap)\n");
}

bool rule_lab = false;
std::string flood_spec;  // --flood: write DIR/flood.pcap instead of the site

bool parse_args(int argc, char** argv, sitegen::Options& opt) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help") return false;
        if (a == "--rule-lab") {
            rule_lab = true;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "sitegen: %s needs a value\n", argv[i]);
            return false;
        }
        const std::string v = argv[++i];
        try {
            std::size_t used = 0;
            if (a == "--out") {
                opt.out_dir = v;
                used = v.size();
            } else if (a == "--seed") {
                opt.seed = std::stoull(v, &used);
            } else if (a == "--devices") {
                opt.devices = std::stoi(v, &used);
            } else if (a == "--minutes") {
                opt.minutes = std::stod(v, &used);
            } else if (a == "--scale") {
                opt.scale = std::stoi(v, &used);
            } else if (a == "--flood") {
                flood_spec = v;
                used = v.size();
            } else {
                std::fprintf(stderr, "sitegen: unknown option %s\n", argv[i - 1]);
                return false;
            }
            if (used != v.size()) throw std::invalid_argument(v);
        } catch (const std::exception&) {
            std::fprintf(stderr, "sitegen: bad value for %s: %s\n", argv[i - 1], v.c_str());
            return false;
        }
    }
    if (opt.out_dir.empty()) {
        std::fprintf(stderr, "sitegen: --out is required\n");
        return false;
    }
    if (opt.devices < sitegen::kMinDevices || opt.devices > sitegen::kMaxDevices) {
        std::fprintf(stderr, "sitegen: --devices must be in [%d, %d]\n", sitegen::kMinDevices, sitegen::kMaxDevices);
        return false;
    }
    if (!(opt.minutes > 0 && opt.minutes <= 24 * 60)) {
        std::fprintf(stderr, "sitegen: --minutes must be in (0, 1440]\n");
        return false;
    }
    if (opt.scale < 1 || opt.scale > 100000) {
        std::fprintf(stderr, "sitegen: --scale must be in [1, 100000]\n");
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    sitegen::Options opt;
    if (!parse_args(argc, argv, opt)) {
        usage();
        return 2;
    }
    try {
        std::filesystem::create_directories(opt.out_dir);
        if (!flood_spec.empty()) {
            sitegen::FloodSpec spec;
            std::string err;
            if (!sitegen::parse_flood(flood_spec, spec, err)) {
                std::fprintf(stderr, "sitegen: --flood: %s\n", err.c_str());
                return 2;
            }
            const auto n = sitegen::write_flood(spec, opt.minutes, opt.seed, opt.out_dir + "/flood.pcap");
            std::fprintf(stderr, "sitegen: flood, %llu frames -> %s/flood.pcap\n", static_cast<unsigned long long>(n),
                         opt.out_dir.c_str());
            return 0;
        }
        if (rule_lab) {
            const std::size_t n = sitegen::lab::write_rule_lab(opt.out_dir);
            std::fprintf(stderr, "sitegen: rule lab, %zu expectations -> %s/rules.pcap\n", n, opt.out_dir.c_str());
            return 0;
        }
        sitegen::Site site = sitegen::build_site(opt);
        sitegen::PcapWriter pcap(opt.out_dir + "/site.pcap");
        sitegen::Scenario scenario(site, pcap);
        scenario.run();
        pcap.close();
        sitegen::write_truth(site, opt.out_dir);
        std::fprintf(stderr, "sitegen: %zu devices, %zu subnets, %llu packets, %llu bytes -> %s/site.pcap\n",
                     site.devices.size(), site.subnets.size(), static_cast<unsigned long long>(pcap.packets()),
                     static_cast<unsigned long long>(pcap.bytes_written()), opt.out_dir.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sitegen: %s\n", e.what());
        return 1;
    }
    return 0;
}
