// Signed knowledge-base bundles (posture/kb/bundle.h): keys made at test time
// with OpenSSL, a bundle of the project's own tables and rules, and what must
// be refused: a changed file, an unlisted file, another signer, a changed
// manifest, a malformed one.
#include "posture/kb/bundle.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace posture::kb {
namespace {

namespace fs = std::filesystem;

struct Key {
    EVP_PKEY* k = nullptr;
    Key() { k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); }
    ~Key() { EVP_PKEY_free(k); }
    void write_public(const fs::path& p) const {
        BIO* b = BIO_new_file(p.c_str(), "w");
        PEM_write_bio_PUBKEY(b, k);
        BIO_free(b);
    }
    std::string sign(const std::string& msg) const {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        std::string sig(64, '\0');
        std::size_t n = sig.size();
        EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, k);
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &n,
                       reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
        EVP_MD_CTX_free(ctx);
        sig.resize(n);
        return sig;
    }
};

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}
void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

std::string sha256(const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
    std::string hex;
    char b[3];
    for (unsigned i = 0; i < n; ++i) {
        std::snprintf(b, sizeof b, "%02x", md[i]);
        hex += b;
    }
    return hex;
}

class KbBundle : public ::testing::Test {
protected:
    fs::path root = fs::temp_directory_path() / ("kb_bundle_test_" + std::to_string(::getpid()));
    fs::path bundle = root / "bundle", keys = root / "keys";
    Key signer, stranger;

    void SetUp() override {
        fs::remove_all(root);
        fs::create_directories(keys);
        signer.write_public(keys / "vendor.pem");
        const fs::path src(SENSOR_SOURCE_DIR);
        for (const char* sub : {"kb", "rules"}) {
            fs::create_directories(bundle / sub);
            for (const auto& e : fs::directory_iterator(src / "posture" / sub))
                if (e.path().extension() == ".yaml") fs::copy_file(e.path(), bundle / sub / e.path().filename());
        }
        write_manifest("2026.12.01");
    }
    void TearDown() override { fs::remove_all(root); }

    // The manifest of what is in the bundle now, signed by `by`.
    void write_manifest(const std::string& version, const Key* by = nullptr) {
        std::string m = "sensord-kb 1\nversion " + version + "\n";
        std::vector<std::string> files;
        for (const char* sub : {"kb", "rules"})
            for (const auto& e : fs::directory_iterator(bundle / sub))
                files.push_back(std::string(sub) + "/" + e.path().filename().string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) m += "sha256 " + sha256(read(bundle / f)) + " " + f + "\n";
        write(bundle / "manifest.txt", m);
        write(bundle / "manifest.sig", (by ? by : &signer)->sign(m));
    }
    std::expected<VerifiedBundle, std::string> verify() { return verify_bundle(bundle.string(), keys.string()); }
    std::string error() {
        auto v = verify();
        return v ? std::string("(verified)") : v.error();
    }
};

TEST_F(KbBundle, AGoodBundleVerifies) {
    auto v = verify();
    ASSERT_TRUE(v) << v.error();
    EXPECT_EQ(v->version, "2026.12.01");
    EXPECT_EQ(v->kb_dir, (bundle / "kb").string());
    EXPECT_EQ(v->rules_dir, (bundle / "rules").string());
    EXPECT_EQ(v->signer, (keys / "vendor.pem").string());
    // A second trusted key that did not sign it changes nothing.
    stranger.write_public(keys / "other.pem");
    EXPECT_TRUE(verify());
}

TEST_F(KbBundle, AChangedFileIsRefused) {
    write(bundle / "kb" / "os.yaml", read(bundle / "kb" / "os.yaml") + "\n# one more line\n");
    EXPECT_NE(error().find("kb/os.yaml: sha256 mismatch"), std::string::npos) << error();
}

TEST_F(KbBundle, AnUnlistedFileIsRefused) {
    write(bundle / "rules" / "extra.yaml", "rules: []\n");
    EXPECT_NE(error().find("rules/extra.yaml: not in the signed manifest"), std::string::npos) << error();
}

TEST_F(KbBundle, AMissingFileIsRefused) {
    fs::remove(bundle / "rules" / "services.yaml");
    EXPECT_NE(error().find("rules/services.yaml"), std::string::npos) << error();
}

TEST_F(KbBundle, AnotherSignerIsRefused) {
    write_manifest("2026.12.01", &stranger);
    EXPECT_NE(error().find("no trusted key in " + keys.string() + " verifies it"), std::string::npos) << error();
    // Trusting that key makes it good: the refusal was about the signer.
    stranger.write_public(keys / "other.pem");
    EXPECT_TRUE(verify()) << error();
}

TEST_F(KbBundle, AChangedManifestIsRefused) {
    std::string m = read(bundle / "manifest.txt");
    m.replace(m.find("2026.12.01"), 10, "2026.12.02");
    write(bundle / "manifest.txt", m);
    EXPECT_NE(error().find("no trusted key"), std::string::npos) << error();
}

TEST_F(KbBundle, MalformedBundlesAreRefusedWithTheReason) {
    write(bundle / "manifest.sig", "short");
    EXPECT_NE(error().find("manifest.sig: not a 64-byte Ed25519 signature"), std::string::npos) << error();
    write_manifest("bad version!");
    EXPECT_NE(error().find("second line is not 'version V'"), std::string::npos) << error();
    write_manifest("1.0");
    std::string m = read(bundle / "manifest.txt") + "sha256 " + std::string(64, 'a') + " ../etc/passwd\n";
    write(bundle / "manifest.txt", m);
    write(bundle / "manifest.sig", signer.sign(m));
    EXPECT_NE(error().find("not 'sha256 HEX kb|rules/NAME.yaml'"), std::string::npos) << error();
    fs::remove_all(keys);
    fs::create_directories(keys);
    write_manifest("1.0");
    EXPECT_NE(error().find("no trusted key (*.pem) in"), std::string::npos) << error();
    fs::remove(bundle / "manifest.txt");
    EXPECT_NE(error().find("manifest.txt"), std::string::npos) << error();
}

}  // namespace
}  // namespace posture::kb
