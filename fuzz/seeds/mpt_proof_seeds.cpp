// SPDX-License-Identifier: Apache-2.0
// Seeds for mpt_proof_fuzz: every account and storage proof of the execution-apis eth_getProof recordings,
// in the target's raw layout ([0][root][key length][key][u16 length][node]...), once as recorded and once
// with each node dropped in turn; and a few built-trie inputs ([1]...) with shared prefixes.

#include <fstream>
#include <string>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "fuzz/seeds/seeds.hpp"

namespace countersign::fuzz_seeds {
namespace {

Bytes raw_input(const Hash32& root, ByteView key, const std::vector<Bytes>& nodes) {
    Bytes out{0x00};
    out.append(root.view());
    out.push_back(static_cast<std::uint8_t>(key.size()));
    out.append(key);
    for (const Bytes& n : nodes) {
        out.push_back(static_cast<std::uint8_t>(n.size() >> 8));
        out.push_back(static_cast<std::uint8_t>(n.size()));
        out.append(n);
    }
    return out;
}

void add_proof(const Hash32& root, ByteView key, const std::vector<Bytes>& nodes, SeedSink& out) {
    out.add(raw_input(root, key, nodes));
    for (std::size_t skip = 0; skip < nodes.size(); ++skip) {
        std::vector<Bytes> fewer;
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (i != skip) fewer.push_back(nodes[i]);
        out.add(raw_input(root, key, fewer));
    }
}

bool hex_nodes(const nlohmann::json& list, std::vector<Bytes>& nodes) {
    if (!list.is_array()) return false;
    for (const auto& n : list) {
        if (!n.is_string()) return false;
        auto b = parse_hex(n.get_ref<const std::string&>());
        if (!b || b->size() > 0xffff) return false;
        nodes.push_back(*b);
    }
    return true;
}

void add_response(const nlohmann::json& r, SeedSink& out) {
    if (!r.is_object() || !r.contains("address") || !r.contains("accountProof")) return;
    auto address = parse_hex(r["address"].get<std::string>());
    std::vector<Bytes> nodes;
    if (!address || !hex_nodes(r["accountProof"], nodes) || nodes.empty()) return;
    add_proof(keccak256(nodes[0]), keccak256(*address).view(), nodes, out);
    // The address itself as the key: the target's 20-byte path runs verify_account_proof.
    add_proof(keccak256(nodes[0]), *address, nodes, out);
    if (!r.contains("storageProof") || !r["storageProof"].is_array()) return;
    for (const auto& sp : r["storageProof"]) {
        std::vector<Bytes> snodes;
        if (!sp.is_object() || !sp.contains("key") || !hex_nodes(sp["proof"], snodes) || snodes.empty()) continue;
        std::string k = sp["key"].get<std::string>();
        if (k.rfind("0x", 0) == 0) k = k.substr(2);
        if (k.size() > 64) continue;
        auto slot = parse_hex(std::string(64 - k.size(), '0') + k, HexPrefix::kNone);
        if (!slot) continue;
        add_proof(keccak256(snodes[0]), keccak256(*slot).view(), snodes, out);
        add_proof(keccak256(snodes[0]), *slot, snodes, out);
    }
}

}  // namespace
}  // namespace countersign::fuzz_seeds

COUNTERSIGN_FUZZ_SEEDS(mpt_proof_fuzz) {
    using namespace countersign;
    using namespace countersign::fuzz_seeds;
    std::error_code ec;
    for (std::filesystem::directory_iterator it{vectors / "execution-apis/tests/eth_getProof", ec}, end;
         !ec && it != end; it.increment(ec)) {
        std::ifstream in{it->path()};
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("<< ", 0) != 0) continue;
            const auto doc = nlohmann::json::parse(line.substr(3), nullptr, false);
            if (!doc.is_discarded() && doc.is_object() && doc.contains("result")) add_response(doc["result"], out);
        }
    }
    // Built tries: [1][count][key len][key][value len][value]... then a key choice and a few mutations.
    const Bytes built[] = {
        {0x01, 5, 2, 'd', 'o', 3, 'v', 'e', 'r', 3, 'd', 'o', 'g', 40, 'p', 'u', 'p', 'p', 'y', 1, 1, 0, 0, 7, 1},
        {0x01, 4, 1, 0x00, 33, 0xaa, 2, 0x00, 0x01, 2, 'z', 'z', 1, 0x10, 50, 0x42, 0, 0, 3, 0, 0, 0, 5},
    };
    for (const Bytes& b : built) out.add(b);
}
