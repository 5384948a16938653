// SPDX-License-Identifier: Apache-2.0
#pragma once
// Seed corpora for the fuzz targets, made from the conformance vectors in vectors/. Each target's seeds
// live in fuzz/seeds/<target>_seeds.cpp and register themselves with COUNTERSIGN_FUZZ_SEEDS; the program
// `fuzz_make_seeds` (make_seeds.cpp) runs the ones asked for. Adding a target's seeds is adding one file.
//
//   COUNTERSIGN_FUZZ_SEEDS(rlp_decode_fuzz) {
//       for_each_json(vectors / "ethereum-tests/RLPTests", [&](const auto&, const nlohmann::json& doc) {
//           for_each_hex_field(doc, {"out"}, out);
//       });
//   }

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "crypto/bytes.hpp"

namespace countersign::fuzz_seeds {

// Collects one target's seeds: deduplicated by content, files named by their keccak-256 so reruns are
// idempotent. Seeds above the size limit are dropped (libFuzzer would truncate them anyway).
class SeedSink {
public:
    SeedSink(std::filesystem::path dir, std::size_t max_size);
    void add(ByteView seed);
    std::size_t written() const noexcept { return written_; }
    std::size_t dropped() const noexcept { return dropped_; }

private:
    std::filesystem::path dir_;
    std::size_t max_size_;
    std::set<Bytes> seen_;
    std::size_t written_{0};
    std::size_t dropped_{0};
};

using SeedFunction = void (*)(const std::filesystem::path& vectors, SeedSink& out);

// Registers a target's seed function at static-initialisation time (used through the macro below).
struct SeedRegistration {
    SeedRegistration(std::string_view target, SeedFunction fn);
};
// Every registered target, by name.
const std::map<std::string, SeedFunction, std::less<>>& registered_targets();

// Every *.json file under `dir` (recursively, in a stable order) that parses, with its path.
void for_each_json(const std::filesystem::path& dir,
                   const std::function<void(const std::filesystem::path&, const nlohmann::json&)>& fn);
// Every string anywhere in `doc` stored under one of `keys` that is valid hex (0x optional) goes to `out`.
void for_each_hex_field(const nlohmann::json& doc, std::initializer_list<std::string_view> keys, SeedSink& out);
// Reads a binary file whole; empty when it cannot be read.
Bytes read_binary(const std::filesystem::path& file);

}  // namespace countersign::fuzz_seeds

#define COUNTERSIGN_FUZZ_SEEDS_CAT2(a, b) a##b
#define COUNTERSIGN_FUZZ_SEEDS_CAT(a, b) COUNTERSIGN_FUZZ_SEEDS_CAT2(a, b)
// Defines the seed function of fuzz target `target` (its *_fuzz.cpp file name without the extension). The
// body sees `vectors` (the vectors/ folder) and `out` (the SeedSink).
#define COUNTERSIGN_FUZZ_SEEDS(target)                                                                    \
    static void COUNTERSIGN_FUZZ_SEEDS_CAT(seeds_, target)(const std::filesystem::path&,                  \
                                                           ::countersign::fuzz_seeds::SeedSink&);         \
    static const ::countersign::fuzz_seeds::SeedRegistration COUNTERSIGN_FUZZ_SEEDS_CAT(registration_,    \
                                                                                        target){#target,  \
        &COUNTERSIGN_FUZZ_SEEDS_CAT(seeds_, target)};                                                     \
    static void COUNTERSIGN_FUZZ_SEEDS_CAT(seeds_, target)([[maybe_unused]] const std::filesystem::path& vectors, \
                                                           [[maybe_unused]] ::countersign::fuzz_seeds::SeedSink& out)
