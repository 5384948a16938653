// SPDX-License-Identifier: Apache-2.0
#include "chain/trie.hpp"

#include "chain/trie_builder.hpp"

namespace countersign::chain {
namespace {

std::vector<detail::TrieEntry> sorted_entries(const std::map<Bytes, Bytes>& map) {
    std::vector<detail::TrieEntry> entries;
    entries.reserve(map.size());
    for (const auto& [k, v] : map) entries.push_back({k, v});
    return entries;
}

}  // namespace

void Trie::put(ByteView key, ByteView value) {
    if (value.empty()) {
        erase(key);
        return;
    }
    entries_.insert_or_assign(Bytes{key}, Bytes{value});
}

void Trie::erase(ByteView key) {
    auto it = entries_.find(Bytes{key});
    if (it != entries_.end()) entries_.erase(it);
}

std::optional<Bytes> Trie::get(ByteView key) const {
    auto it = entries_.find(Bytes{key});
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

Hash32 Trie::root() const {
    const auto entries = sorted_entries(entries_);
    detail::TrieBuilder builder;
    return builder.root(entries);
}

std::vector<Bytes> Trie::prove(ByteView key) const {
    const auto entries = sorted_entries(entries_);
    std::vector<Bytes> proof;
    detail::TrieBuilder builder;
    builder.root_and_proof(entries, key, proof);
    return proof;
}

}  // namespace countersign::chain
