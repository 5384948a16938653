// SPDX-License-Identifier: Apache-2.0
#include "conformance/blockchain_tests.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/header_json.hpp"
#include "chain/transaction_rules.hpp"
#include "conformance/exclusions.hpp"
#include "crypto/hex.hpp"
#include "crypto/secp256k1.hpp"

namespace countersign::conformance {
namespace {

using nlohmann::json;
using chain::Block;
using chain::BlockHeader;
using chain::Revision;

constexpr std::uint64_t kMaxGasLimit = 0x7fffffffffffffff;  // geth's params.MaxGasLimit
constexpr std::uint64_t kMinGasLimit = 5000;
constexpr std::uint64_t kGasLimitBoundDivisor = 1024;
constexpr std::uint64_t kBlobGasPerBlob = 131072;    // EIP-4844
constexpr std::uint64_t kOsakaTxGasLimitCap = 1u << 24;  // EIP-7825
constexpr std::size_t kMaxExtraData = 32;

// The fork in force at a block. Osaka is not a chain::Revision (no transaction rule of it is relaxed), so
// it runs with Prague's rules plus its own transaction gas cap.
struct Fork {
    Revision revision{Revision::kFrontier};
    bool osaka{false};
    std::string name;  // owned: the network name it was parsed from is a temporary (ASan found the view dangling)
};

struct ForkSchedule {
    Fork before;
    Fork after;
    enum class Switch { kNone, kNumber, kTimestamp } kind{Switch::kNone};
    std::uint64_t at{0};

    Fork at_block(const BlockHeader& h) const noexcept {
        switch (kind) {
            case Switch::kNone: return before;
            case Switch::kNumber: return h.number >= at ? after : before;
            case Switch::kTimestamp: return h.timestamp >= at ? after : before;
        }
        return before;
    }
};

std::optional<Fork> fork_from_name(std::string_view name) {
    if (name == "Osaka") return Fork{Revision::kPrague, true, std::string{name}};
    auto r = chain::revision_from_name(name);
    if (!r) return std::nullopt;
    return Fork{*r, false, std::string{name}};
}

std::optional<std::uint64_t> parse_count(std::string_view s) {
    std::uint64_t scale = 1;
    if (!s.empty() && s.back() == 'k') {
        scale = 1000;
        s.remove_suffix(1);
    }
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9' || v > (1ull << 50)) return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v * scale;
}

// "Cancun", or a transition "ShanghaiToCancunAtTime15k" / "BerlinToLondonAt5".
std::optional<ForkSchedule> parse_network(std::string_view name) {
    ForkSchedule s;
    const std::size_t to = name.find("To");
    if (to == std::string_view::npos) {
        auto f = fork_from_name(name);
        if (!f) return std::nullopt;
        s.before = s.after = *f;
        return s;
    }
    const std::string_view rest = name.substr(to + 2);
    const std::size_t at = rest.find("At");
    if (at == std::string_view::npos) return std::nullopt;
    auto before = fork_from_name(name.substr(0, to));
    auto after = fork_from_name(rest.substr(0, at));
    std::string_view when = rest.substr(at + 2);
    s.kind = ForkSchedule::Switch::kNumber;
    if (when.substr(0, 4) == "Time") {
        s.kind = ForkSchedule::Switch::kTimestamp;
        when.remove_prefix(4);
    }
    auto n = parse_count(when);
    if (!before || !after || !n) return std::nullopt;
    s.before = *before;
    s.after = *after;
    s.at = *n;
    return s;
}

struct BlobParams {
    std::uint64_t target_blobs{0};
    std::uint64_t max_blobs{0};
    Uint256 update_fraction;
};

BlobParams blob_params(const Fork& fork, const json& test) {
    BlobParams p{3, 6, Uint256{3338477}};  // Cancun (EIP-4844)
    if (fork.revision >= Revision::kPrague) p = {6, 9, Uint256{5007716}};  // EIP-7691
    const auto config = test.find("config");
    if (config == test.end() || !config->is_object()) return p;
    const auto schedule = config->find("blobSchedule");
    if (schedule == config->end() || !schedule->is_object()) return p;
    const auto entry = schedule->find(fork.name);
    if (entry == schedule->end() || !entry->is_object()) return p;
    if (auto t = entry->find("target"); t != entry->end() && t->is_string())
        if (auto v = Uint256::parse_hex(t->get<std::string>()); v && v->fits_u64()) p.target_blobs = v->low64();
    if (auto m = entry->find("max"); m != entry->end() && m->is_string())
        if (auto v = Uint256::parse_hex(m->get<std::string>()); v && v->fits_u64()) p.max_blobs = v->low64();
    if (auto f = entry->find("baseFeeUpdateFraction"); f != entry->end() && f->is_string())
        if (auto v = Uint256::parse_hex(f->get<std::string>()); v && !v->is_zero()) p.update_fraction = *v;
    return p;
}

// EIP-4844 fake_exponential(1, excess_blob_gas, update_fraction); nullopt if it would overflow 256 bits.
std::optional<Uint256> blob_base_fee(std::uint64_t excess, const Uint256& fraction) {
    Uint256 output{0};
    Uint256 accum = fraction;
    for (std::uint64_t i = 1; !accum.is_zero(); ++i) {
        auto sum = Uint256::checked_add(output, accum);
        auto product = Uint256::checked_mul(accum, Uint256{excess});
        auto divisor = Uint256::checked_mul(fraction, Uint256{i});
        if (!sum || !product || !divisor) return std::nullopt;
        output = *sum;
        accum = *product / *divisor;
    }
    return output / fraction;
}

constexpr std::uint64_t kInitialBaseFee = 1000000000;  // EIP-1559
constexpr std::uint64_t kBaseFeeChangeDenominator = 8;
constexpr std::uint64_t kElasticityMultiplier = 2;
constexpr std::uint64_t kBlobBaseCost = 1u << 13;  // EIP-7918
constexpr std::uint64_t kMaxBlobsPerTxOsaka = 6;  // EIP-7594

// EIP-1559: the base fee follows from the parent header alone.
Uint256 expected_base_fee(const BlockHeader& parent, bool parent_is_london) {
    if (!parent_is_london || !parent.base_fee_per_gas) return Uint256{kInitialBaseFee};
    const Uint256& base = *parent.base_fee_per_gas;
    const std::uint64_t target = parent.gas_limit / kElasticityMultiplier;
    if (target == 0 || parent.gas_used == target) return base;
    if (parent.gas_used > target) {
        Uint256 delta = base * Uint256{parent.gas_used - target} / Uint256{target} / Uint256{kBaseFeeChangeDenominator};
        if (delta < Uint256{1}) delta = Uint256{1};
        return base + delta;
    }
    const Uint256 delta =
        base * Uint256{target - parent.gas_used} / Uint256{target} / Uint256{kBaseFeeChangeDenominator};
    return base - delta;
}

struct Known {
    BlockHeader header;
    Fork fork;
};

// An EIP-7702 tuple's signer: under the EIP's rules (nullopt: the tuple is skipped) and by plain ecrecover
// of its signature (what fixtures list as `signer` even for tuples the rules skip).
struct Authority {
    std::optional<Address> under_rules;
    std::optional<Address> recovered;
};

Authority recover_authorities(const chain::Authorization& a, const Uint256& chain_id) {
    Authority out;
    if (auto who = chain::recover_authority(a, chain_id)) out.under_rules = *who;
    if (a.y_parity < 2) {
        const Signature sig{a.r.to_be(), a.s.to_be(), a.y_parity};
        if (auto who = recover_address(chain::authorization_signing_hash(a), sig, SignatureRules::kAnyS))
            out.recovered = *who;
    }
    return out;
}

struct Checked {
    Block block;
    Hash32 hash;
    Fork fork;
    std::vector<Address> senders;
    std::vector<std::vector<Authority>> authorities;
};

std::string hex_of(const Hash32& h) { return to_hex(h); }

// Every check that needs neither state nor execution. Returns the reason a block is rejected.
Expected<Checked, std::string> check_block(std::string_view rlp_hex, const ForkSchedule& schedule,
                                           const std::map<Hash32, Known>& known, const Uint256& chain_id,
                                           const json& test) {
    auto raw = parse_hex(rlp_hex, HexPrefix::kOptional);
    if (!raw) return unexpected(std::string{"rlp field: "} + std::string{to_string(raw.error())});
    auto decoded = chain::decode_raw_block(*raw);
    if (!decoded) return unexpected(chain::describe(decoded.error()));
    Checked c;
    c.block = std::move(*decoded);
    const BlockHeader& h = c.block.header;
    c.hash = chain::header_hash(h);
    c.fork = schedule.at_block(h);
    const Revision rev = c.fork.revision;

    if (auto body = chain::validate_block_body(c.block); !body) return unexpected(std::string{to_string(body.error())});

    const auto parent_it = known.find(h.parent_hash);
    if (parent_it == known.end()) return unexpected("unknown parent " + hex_of(h.parent_hash));
    const BlockHeader& parent = parent_it->second.header;
    if (h.number != parent.number + 1) return unexpected(std::string{"number is not parent's + 1"});
    if (h.timestamp <= parent.timestamp) return unexpected(std::string{"timestamp not after the parent's"});

    const bool london = rev >= Revision::kLondon, shanghai = rev >= Revision::kShanghai,
               cancun = rev >= Revision::kCancun, prague = rev >= Revision::kPrague;
    if (h.base_fee_per_gas.has_value() != london || h.withdrawals_root.has_value() != shanghai ||
        h.blob_gas_used.has_value() != cancun || h.requests_hash.has_value() != prague)
        return unexpected("header fields are not those of " + std::string{c.fork.name});
    if (h.extra_data.size() > kMaxExtraData) return unexpected(std::string{"extra data over 32 bytes"});
    if (h.gas_used > h.gas_limit) return unexpected(std::string{"gas used above gas limit"});
    if (h.gas_limit > kMaxGasLimit || h.gas_limit < kMinGasLimit)
        return unexpected(std::string{"gas limit out of range"});
    // EIP-1559 doubles the limit the first London block is compared with (elasticity multiplier 2).
    std::uint64_t parent_limit = parent.gas_limit;
    if (london && parent_it->second.fork.revision < Revision::kLondon) parent_limit *= 2;
    const std::uint64_t change = h.gas_limit > parent_limit ? h.gas_limit - parent_limit : parent_limit - h.gas_limit;
    if (change >= parent_limit / kGasLimitBoundDivisor) return unexpected(std::string{"gas limit changed too much"});
    if (london && *h.base_fee_per_gas != expected_base_fee(parent, parent_it->second.fork.revision >= Revision::kLondon))
        return unexpected(std::string{"base fee is not the one the parent implies"});
    // Ommers (geth's VerifyUncles): each a header of its fork, not duplicated, not an ancestor, and a child
    // of one of the six ancestors before the parent (a sibling of the block is not an ommer).
    std::vector<Hash32> ancestors;
    for (auto it = parent_it; it != known.end() && ancestors.size() < 7; it = known.find(it->second.header.parent_hash))
        ancestors.push_back(it->first);
    const auto is_ancestor = [&](const Hash32& x) {
        return std::find(ancestors.begin(), ancestors.end(), x) != ancestors.end();
    };
    std::vector<Hash32> seen;
    for (std::size_t i = 0; i < c.block.ommers.size(); ++i) {
        const BlockHeader& o = c.block.ommers[i];
        const std::string where = "ommer " + std::to_string(i) + ": ";
        const Revision orev = schedule.at_block(o).revision;
        if (o.base_fee_per_gas.has_value() != (orev >= Revision::kLondon))
            return unexpected(where + "header fields are not those of its fork");
        const Hash32 oh = chain::header_hash(o);
        if (std::find(seen.begin(), seen.end(), oh) != seen.end()) return unexpected(where + "duplicated");
        seen.push_back(oh);
        if (is_ancestor(oh)) return unexpected(where + "is an ancestor");
        if (!is_ancestor(o.parent_hash) || o.parent_hash == h.parent_hash)
            return unexpected(where + "parent is not an eligible ancestor");
        const auto op = known.find(o.parent_hash);
        if (o.number != op->second.header.number + 1) return unexpected(where + "number is not its parent's + 1");
    }
    if (rev >= Revision::kParis) {
        if (!h.difficulty.is_zero()) return unexpected(std::string{"difficulty after the merge"});
        if (!h.nonce.is_zero()) return unexpected(std::string{"nonce after the merge"});
        if (!c.block.ommers.empty()) return unexpected(std::string{"ommers after the merge"});
    }

    const BlobParams blobs = blob_params(c.fork, test);
    std::optional<Uint256> blob_fee;
    if (h.excess_blob_gas) blob_fee = blob_base_fee(*h.excess_blob_gas, blobs.update_fraction);
    if (cancun) {
        const std::uint64_t target = blobs.target_blobs * kBlobGasPerBlob;
        const std::uint64_t parent_excess = parent.excess_blob_gas.value_or(0);
        const std::uint64_t parent_used = parent.blob_gas_used.value_or(0);
        std::uint64_t expected = 0;
        if (parent_excess + parent_used >= target) {
            expected = parent_excess + parent_used - target;
            // EIP-7918 (Osaka): when execution costs dominate, excess grows as if the target were lower.
            if (c.fork.osaka && blobs.max_blobs != 0) {
                const auto parent_blob_fee = blob_base_fee(parent_excess, blobs.update_fraction);
                if (parent_blob_fee && parent.base_fee_per_gas &&
                    Uint256{kBlobBaseCost} * *parent.base_fee_per_gas > Uint256{kBlobGasPerBlob} * *parent_blob_fee)
                    expected = parent_excess + parent_used * (blobs.max_blobs - blobs.target_blobs) / blobs.max_blobs;
            }
        }
        if (*h.excess_blob_gas != expected) return unexpected(std::string{"excess blob gas is not the one the parent implies"});
    }
    std::uint64_t blob_count = 0;
    for (std::size_t i = 0; i < c.block.transactions.size(); ++i) {
        const chain::Transaction& tx = c.block.transactions[i];
        const std::string where = "transaction " + std::to_string(i) + ": ";
        auto sender = chain::validate_transaction(tx, rev, chain_id);
        if (!sender) return unexpected(where + std::string{to_string(sender.error())});
        c.senders.push_back(*sender);
        if (c.fork.osaka && tx.gas_limit > kOsakaTxGasLimitCap)
            return unexpected(where + "gas limit above the EIP-7825 cap");
        if (tx.gas_limit > h.gas_limit) return unexpected(where + "gas limit above the block's");
        if (h.base_fee_per_gas) {
            const Uint256& price = tx.max_fee_per_gas ? *tx.max_fee_per_gas : tx.gas_price.value_or(Uint256{});
            if (price < *h.base_fee_per_gas) return unexpected(where + "fee cap below the base fee");
        }
        if (tx.type == chain::TxType::kBlob) {
            if (!cancun) return unexpected(where + "blob transaction before Cancun");
            blob_count += tx.blob_versioned_hashes.size();
            if (c.fork.osaka && tx.blob_versioned_hashes.size() > kMaxBlobsPerTxOsaka)
                return unexpected(where + "more blobs than EIP-7594 allows in one transaction");
            if (blob_fee && tx.max_fee_per_blob_gas && *tx.max_fee_per_blob_gas < *blob_fee)
                return unexpected(where + "blob fee cap below the blob base fee");
        }
        auto& auths = c.authorities.emplace_back();
        for (const auto& a : tx.authorization_list) auths.push_back(recover_authorities(a, chain_id));
    }
    if (cancun) {
        if (blob_count > blobs.max_blobs) return unexpected(std::string{"more blobs than the fork allows"});
        if (*h.blob_gas_used != blob_count * kBlobGasPerBlob)
            return unexpected(std::string{"blob gas used differs from the blobs in the body"});
    }
    return c;
}

std::optional<Address> json_address(const json& object, std::string_view field) {
    const auto it = object.find(field);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    auto a = parse_hex_fixed<20>(it->get<std::string>(), HexPrefix::kRequired);
    if (!a) return std::nullopt;
    return *a;
}

// Compares a valid block with what the fixture says about it. Returns the first difference.
std::optional<std::string> compare_valid(const Checked& c, const json& b, std::vector<std::string>& notes) {
    const auto header_json = b.find("blockHeader");
    if (header_json == b.end()) return "no blockHeader";
    auto claimed = chain::claimed_hash_from_json(*header_json);
    if (!claimed) return "blockHeader.hash: " + claimed.error().message();
    if (*claimed != c.hash) return "header hash " + hex_of(c.hash) + " != " + hex_of(*claimed);
    auto fields = chain::header_from_json(*header_json, chain::JsonDialect::kTestFixture);
    if (!fields) return "blockHeader: " + fields.error().message();
    if (*fields != c.block.header) return "decoded header differs from blockHeader";

    const auto txs = b.find("transactions");
    if (txs == b.end() || !txs->is_array()) return "no transactions array";
    if (txs->size() != c.block.transactions.size()) return "transaction count differs";
    for (std::size_t i = 0; i < txs->size(); ++i) {
        const json& t = (*txs)[i];
        const auto sender = json_address(t, "sender");
        if (!sender) {
            // Some ethereum/tests fixtures omit it; the sender was still recovered under the fork's rules.
            notes.push_back("transactions[" + std::to_string(i) + "]: the fixture gives no sender to compare");
        } else if (*sender != c.senders[i]) return "transaction " + std::to_string(i) + ": recovered sender differs";
        const auto auths = t.find("authorizationList");
        if (auths == t.end()) continue;
        if (!auths->is_array() || auths->size() != c.authorities[i].size())
            return "transaction " + std::to_string(i) + ": authorization count differs";
        for (std::size_t j = 0; j < auths->size(); ++j) {
            const auto signer = json_address((*auths)[j], "signer");
            const Authority& a = c.authorities[i][j];
            // Whatever the rules say, a listed signer is the plain recovery of the tuple's signature, and a
            // tuple the rules accept must be listed with that signer.
            if ((a.under_rules && (!signer || *signer != *a.under_rules)) ||
                (signer && (!a.recovered || *signer != *a.recovered)))
                return "transaction " + std::to_string(i) + " authorization " + std::to_string(j) +
                       ": recovered authority differs";
        }
    }
    const auto ws = b.find("withdrawals");
    const std::size_t n_withdrawals = c.block.withdrawals ? c.block.withdrawals->size() : 0;
    if (ws != b.end() && ws->is_array() && ws->size() != n_withdrawals) return "withdrawal count differs";
    const auto uncles = b.find("uncleHeaders");
    if (uncles != b.end() && uncles->is_array()) {
        if (uncles->size() != c.block.ommers.size()) return "ommer count differs";
        for (std::size_t i = 0; i < uncles->size(); ++i) {
            auto h = chain::claimed_hash_from_json((*uncles)[i]);
            if (!h || *h != chain::header_hash(c.block.ommers[i]))
                return "ommer " + std::to_string(i) + ": hash differs";
        }
    }
    return std::nullopt;
}

void run_test(const std::filesystem::path& path, const std::string& name, const json& test, FileResult& out) {
    const auto network = test.find("network");
    const auto schedule =
        network != test.end() && network->is_string() ? parse_network(network->get<std::string>()) : std::nullopt;
    if (!schedule) {
        out.fail(name + ": unknown network");
        return;
    }
    Uint256 chain_id{1};
    if (auto config = test.find("config"); config != test.end() && config->is_object())
        if (auto id = config->find("chainid"); id != config->end() && id->is_string())
            if (auto v = Uint256::parse_hex(id->get<std::string>())) chain_id = *v;

    std::map<Hash32, Known> known;
    // Genesis: its RLP must decode to the fixture's genesisBlockHeader and hash to its `hash`.
    {
        const auto rlp = test.find("genesisRLP");
        const auto gh = test.find("genesisBlockHeader");
        if (rlp == test.end() || !rlp->is_string() || gh == test.end()) {
            out.fail(name + ": genesis: missing genesisRLP or genesisBlockHeader");
            return;
        }
        auto raw = parse_hex(rlp->get<std::string>(), HexPrefix::kOptional);
        auto block = raw ? chain::decode_raw_block(*raw) : Expected<Block, chain::BlockDecodeError>{};
        auto claimed = chain::claimed_hash_from_json(*gh);
        auto fields = chain::header_from_json(*gh, chain::JsonDialect::kTestFixture);
        if (!raw || !block) {
            out.fail(name + ": genesis: RLP does not decode");
            return;
        }
        const Hash32 hash = chain::header_hash(block->header);
        if (!claimed || *claimed != hash || !fields || *fields != block->header || !chain::validate_block_body(*block)) {
            out.fail(name + ": genesis: header hash, fields or body roots differ");
            return;
        }
        known.emplace(hash, Known{block->header, schedule->at_block(block->header)});
        out.pass();
    }

    const auto blocks = test.find("blocks");
    if (blocks == test.end() || !blocks->is_array()) {
        out.fail(name + ": no blocks");
        return;
    }
    for (std::size_t i = 0; i < blocks->size(); ++i) {
        const json& b = (*blocks)[i];
        const std::string label = name + " block " + std::to_string(i);
        const auto rlp = b.find("rlp");
        const auto expect = b.find("expectException");
        const bool invalid = expect != b.end();
        if (rlp == b.end() || !rlp->is_string()) {
            out.fail(label + ": no rlp");
            continue;
        }
        auto checked = check_block(rlp->get<std::string>(), *schedule, known, chain_id, test);
        if (invalid) {
            const std::string expected = expect->is_string() ? expect->get<std::string>() : "?";
            if (!checked) {
                out.pass();
                out.notes.push_back(label + ": rejected (" + checked.error() + "), expected " + expected);
            } else if (auto reason = exclusion_reason(path, name)) {
                out.skip(label + ": " + std::string{*reason} + " (" + expected + ")");
            } else {
                out.fail(label + ": invalid block accepted (expected " + expected + ")");
            }
            continue;
        }
        if (!checked) {
            out.fail(label + ": valid block rejected: " + checked.error());
            continue;
        }
        std::vector<std::string> notes;
        if (auto diff = compare_valid(*checked, b, notes)) {
            out.fail(label + ": " + *diff);
            continue;
        }
        known.emplace(checked->hash, Known{checked->block.header, checked->fork});
        for (auto& n : notes) out.notes.push_back(label + ": " + n);
        out.pass();
    }

    // The chain links: the head the fixture names is a block reached through parent hashes.
    const auto last = test.find("lastblockhash");
    auto last_hash = last != test.end() && last->is_string()
                         ? parse_hex_fixed<32>(last->get<std::string>(), HexPrefix::kOptional)
                         : Expected<Hash32, HexError>{unexpected(HexError::kWrongSize)};
    if (!last_hash || known.find(*last_hash) == known.end()) {
        out.fail(name + ": lastblockhash is not a block of the chain");
    } else {
        out.pass();
    }
}

bool detect(const std::filesystem::path& path, std::string_view text) {
    const std::string p = path.generic_string();
    const bool named = p.find("BlockchainTests") != std::string::npos || p.find("blockchain_tests") != std::string::npos;
    return named && path.extension() == ".json" && text.find("\"genesisRLP\"") != std::string_view::npos &&
           text.find("\"blocks\"") != std::string_view::npos;
}

FileResult run(const std::filesystem::path& path, std::string_view text) {
    FileResult out;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        out.fail(path.string() + ": not a JSON object");
        return out;
    }
    for (const auto& [name, test] : doc.items()) {
        if (!test.is_object()) {
            out.fail(name + ": not an object");
            continue;
        }
        run_test(path, name, test, out);
    }
    return out;
}

}  // namespace

const Format kBlockchainTests{"blockchain-tests", detect, run};

}  // namespace countersign::conformance
