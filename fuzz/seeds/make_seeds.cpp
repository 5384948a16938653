// SPDX-License-Identifier: Apache-2.0
// fuzz_make_seeds: writes seed corpora for fuzz targets from vectors/.
//
//   fuzz_make_seeds --vectors DIR --out DIR [TARGET...]   seeds for each TARGET (default: every registered)
//                                                         into OUT/<target>/
//   fuzz_make_seeds --list                                the targets that have seed functions
//
// A target with no seed function is not an error (it prints a note): its corpus starts empty.

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "fuzz/seeds/seeds.hpp"

namespace countersign::fuzz_seeds {
namespace fs = std::filesystem;

namespace {
std::map<std::string, SeedFunction, std::less<>>& registry() {
    static std::map<std::string, SeedFunction, std::less<>> targets;
    return targets;
}
}  // namespace

SeedRegistration::SeedRegistration(std::string_view target, SeedFunction fn) {
    registry().emplace(std::string{target}, fn);
}

const std::map<std::string, SeedFunction, std::less<>>& registered_targets() { return registry(); }

SeedSink::SeedSink(fs::path dir, std::size_t max_size) : dir_{std::move(dir)}, max_size_{max_size} {}

void SeedSink::add(ByteView seed) {
    if (seed.size() > max_size_) {
        ++dropped_;
        return;
    }
    if (!seen_.emplace(seed).second) return;
    const Hash32 name = keccak256(seed);
    const fs::path file = dir_ / to_hex(ByteView{name.data(), 16}, false);
    std::ofstream f{file, std::ios::binary | std::ios::trunc};
    f.write(reinterpret_cast<const char*>(seed.data()), static_cast<std::streamsize>(seed.size()));
    if (!f) {
        std::cerr << "fuzz_make_seeds: cannot write " << file << '\n';
        std::exit(1);
    }
    ++written_;
}

void for_each_json(const fs::path& dir, const std::function<void(const fs::path&, const nlohmann::json&)>& fn) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it{dir, ec}, end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".json") files.push_back(it->path());
    }
    if (ec) std::cerr << "fuzz_make_seeds: " << dir << ": " << ec.message() << '\n';
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in{file, std::ios::binary};
        const std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
        const auto doc = nlohmann::json::parse(text, nullptr, false);
        if (!doc.is_discarded()) fn(file, doc);
    }
}

void for_each_hex_field(const nlohmann::json& doc, std::initializer_list<std::string_view> keys, SeedSink& out) {
    if (doc.is_array()) {
        for (const auto& v : doc) for_each_hex_field(v, keys, out);
        return;
    }
    if (!doc.is_object()) return;
    for (const auto& [key, value] : doc.items()) {
        const bool wanted = std::find(keys.begin(), keys.end(), std::string_view{key}) != keys.end();
        if (wanted && value.is_string()) {
            if (auto b = parse_hex(value.get_ref<const std::string&>(), HexPrefix::kOptional)) out.add(*b);
        } else {
            for_each_hex_field(value, keys, out);
        }
    }
}

Bytes read_binary(const fs::path& file) {
    std::ifstream in{file, std::ios::binary};
    if (!in) return {};
    return Bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

}  // namespace countersign::fuzz_seeds

namespace {

int usage() {
    std::cerr << "usage: fuzz_make_seeds --vectors DIR --out DIR [--max-size BYTES] [TARGET...]\n"
                 "       fuzz_make_seeds --list\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    using namespace countersign::fuzz_seeds;
    fs::path vectors, out;
    std::size_t max_size = 1u << 20;
    std::vector<std::string> targets;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--list") {
            for (const auto& [name, fn] : registered_targets()) std::cout << name << '\n';
            return 0;
        } else if (arg == "--vectors" && has_value) {
            vectors = argv[++i];
        } else if (arg == "--out" && has_value) {
            out = argv[++i];
        } else if (arg == "--max-size" && has_value) {
            const std::string_view v = argv[++i];
            if (std::from_chars(v.data(), v.data() + v.size(), max_size).ec != std::errc{}) return usage();
        } else if (!arg.empty() && arg[0] != '-') {
            targets.emplace_back(arg);
        } else {
            return usage();
        }
    }
    if (vectors.empty() || out.empty()) return usage();
    if (!fs::is_directory(vectors)) {
        std::cerr << "fuzz_make_seeds: no vectors folder at " << vectors << '\n';
        return 1;
    }
    if (targets.empty())
        for (const auto& [name, fn] : registered_targets()) targets.push_back(name);
    for (const auto& target : targets) {
        const auto it = registered_targets().find(target);
        if (it == registered_targets().end()) {
            std::cout << target << ": no seed function, corpus starts empty\n";
            continue;
        }
        const fs::path dir = out / target;
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            std::cerr << "fuzz_make_seeds: " << dir << ": " << ec.message() << '\n';
            return 1;
        }
        SeedSink sink{dir, max_size};
        it->second(vectors, sink);
        std::cout << target << ": " << sink.written() << " seeds";
        if (sink.dropped() > 0) std::cout << " (" << sink.dropped() << " over " << max_size << " bytes dropped)";
        std::cout << '\n';
    }
    return 0;
}
