// SPDX-License-Identifier: Apache-2.0
// Seeds for abi_decode_fuzz: every encoding of the ABI fixture (encodings, event data, call arguments), each
// behind every type-list selector byte, so the fuzzer starts from well-formed layouts of every shape.

#include "crypto/hex.hpp"
#include "fuzz/seeds/seeds.hpp"

namespace countersign::fuzz_seeds {
namespace {

void add_with_selectors(const std::string& hex, SeedSink& out) {
    auto bytes = parse_hex(hex, HexPrefix::kOptional);
    if (!bytes) return;
    // 0..3 pick a type list, 0xf0.. also run the typed decoders (see abi_decode_fuzz.cpp).
    for (const std::uint8_t selector : std::initializer_list<std::uint8_t>{0x00, 0x01, 0x02, 0x03, 0xf0, 0xf1}) {
        Bytes seed{selector};
        seed.append(*bytes);
        out.add(seed);
    }
}

}  // namespace
}  // namespace countersign::fuzz_seeds

COUNTERSIGN_FUZZ_SEEDS(abi_decode_fuzz) {
    using namespace countersign::fuzz_seeds;
    for_each_json(vectors / ".." / "tests" / "fixtures" / "abi", [&](const auto&, const nlohmann::json& doc) {
        for (const char* list : {"encode", "events", "calls"}) {
            if (!doc.contains(list) || !doc[list].is_array()) continue;
            for (const auto& entry : doc[list]) {
                for (const char* key : {"encoded", "data", "calldata"}) {
                    if (entry.contains(key) && entry[key].is_string()) {
                        std::string hex = entry[key].get<std::string>();
                        // Calldata starts with a 4-byte selector; the type lists describe the arguments.
                        if (std::string_view(key) == "calldata" && hex.size() > 10) hex = "0x" + hex.substr(10);
                        add_with_selectors(hex, out);
                    }
                }
            }
        }
    });
}
