// posture/kb/bundle.cc (see bundle.h).
#include "posture/kb/bundle.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <vector>

namespace posture::kb {
namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxManifest = 1 << 20;
constexpr std::uintmax_t kMaxFile = 64 << 20;

std::expected<std::string, std::string> slurp(const fs::path& p, std::uintmax_t max) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    if (ec) return std::unexpected(p.filename().string() + ": " + ec.message());
    if (size > max) return std::unexpected(p.filename().string() + ": larger than " + std::to_string(max) + " bytes");
    std::ifstream in(p, std::ios::binary);
    std::string s(static_cast<std::size_t>(size), '\0');
    if (!in.read(s.data(), static_cast<std::streamsize>(size))) return std::unexpected(p.filename().string() + ": cannot be read");
    return s;
}

std::string sha256_hex(const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < n; ++i) {
        out.push_back(hex[md[i] >> 4]);
        out.push_back(hex[md[i] & 15]);
    }
    return out;
}

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// True when the Ed25519 public key in `pem` verifies `sig` over `msg`.
bool verifies(const std::string& pem, const std::string& msg, const std::string& sig) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) return false;
    std::unique_ptr<EVP_PKEY, PkeyFree> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) return false;
    std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1;
}

bool good_version(const std::string& v) {
    return !v.empty() && v.size() <= 64 && std::all_of(v.begin(), v.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '+' || c == '-';
    });
}

bool good_path(const std::string& p) {
    const bool kb = p.starts_with("kb/"), rules = p.starts_with("rules/");
    if (!kb && !rules) return false;
    const std::string name = p.substr(kb ? 3 : 6);
    return name.size() > 5 && name.ends_with(".yaml") && name.find('/') == std::string::npos && name[0] != '.' &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
           });
}

}  // namespace

std::expected<VerifiedBundle, std::string> verify_bundle(const std::string& dir, const std::string& keys_dir) {
    auto fail = [&](const std::string& what) { return std::unexpected("kb bundle " + dir + ": " + what); };
    const fs::path root(dir);
    auto manifest = slurp(root / "manifest.txt", kMaxManifest);
    if (!manifest) return fail(manifest.error());
    auto sig = slurp(root / "manifest.sig", 64);
    if (!sig) return fail(sig.error());
    if (sig->size() != 64) return fail("manifest.sig: not a 64-byte Ed25519 signature");

    // The signature first: nothing of an unsigned manifest is believed.
    std::error_code ec;
    std::vector<fs::path> keys;
    for (const auto& e : fs::directory_iterator(keys_dir, ec))
        if (e.path().extension() == ".pem") keys.push_back(e.path());
    if (ec) return fail("trusted keys " + keys_dir + ": " + ec.message());
    if (keys.empty()) return fail("no trusted key (*.pem) in " + keys_dir);
    std::sort(keys.begin(), keys.end());
    std::string signer;
    for (const auto& k : keys) {
        auto pem = slurp(k, 64 << 10);
        if (pem && verifies(*pem, *manifest, *sig)) {
            signer = k.string();
            break;
        }
    }
    if (signer.empty()) return fail("manifest.sig: no trusted key in " + keys_dir + " verifies it");

    VerifiedBundle out;
    out.signer = signer;
    std::istringstream lines(*manifest);
    std::string line;
    if (!std::getline(lines, line) || line != "sensord-kb 1") return fail("manifest.txt: first line is not 'sensord-kb 1'");
    if (!std::getline(lines, line) || !line.starts_with("version ") || !good_version(line.substr(8)))
        return fail("manifest.txt: second line is not 'version V' ([A-Za-z0-9._+-]{1,64})");
    out.version = line.substr(8);
    std::map<std::string, std::string> listed;  // path -> sha256
    for (int n = 3; std::getline(lines, line); ++n) {
        if (line.empty()) continue;
        std::istringstream f(line);
        std::string kind, hex, path, extra;
        f >> kind >> hex >> path;
        if (kind != "sha256" || hex.size() != 64 || !good_path(path) || (f >> extra))
            return fail("manifest.txt:" + std::to_string(n) + ": not 'sha256 HEX kb|rules/NAME.yaml'");
        if (!listed.emplace(path, hex).second) return fail("manifest.txt:" + std::to_string(n) + ": " + path + " listed twice");
    }
    // Every yaml file present is listed, and every listed file matches.
    std::set<std::string> present;
    for (const char* sub : {"kb", "rules"}) {
        for (const auto& e : fs::directory_iterator(root / sub, ec))
            if (e.path().extension() == ".yaml") present.insert(std::string(sub) + "/" + e.path().filename().string());
        if (ec) return fail(std::string(sub) + "/: " + ec.message());
    }
    for (const auto& p : present)
        if (!listed.contains(p)) return fail(p + ": not in the signed manifest");
    bool any_kb = false, any_rules = false;
    for (const auto& [path, hex] : listed) {
        auto data = slurp(root / path, kMaxFile);
        if (!data) return fail(path + ": " + data.error());
        if (sha256_hex(*data) != hex) return fail(path + ": sha256 mismatch");
        (path.starts_with("kb/") ? any_kb : any_rules) = true;
    }
    if (!any_kb || !any_rules) return fail("the manifest must list kb/ and rules/ files");
    out.kb_dir = (root / "kb").string();
    out.rules_dir = (root / "rules").string();
    return out;
}

}  // namespace posture::kb
