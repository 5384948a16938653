// SPDX-License-Identifier: Apache-2.0
// Arbitrary bytes as the content of a proof bundle (a file users receive from others and re-check offline):
// the input is wrapped in the canonical bundle document with its correct digest, so that mutations reach the
// content parser instead of stopping at the digest. A parsed bundle is then replayed all the way: recorded
// exchanges parsed, light clients anchored, every receipt verified. Nothing may crash, hang or blow up; what
// countersign writes from a loaded bundle must load again and write the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "rpc/call_evidence_run.hpp"
#include "rpc/proof_bundle.hpp"

using namespace countersign;
using namespace countersign::rpc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string content(reinterpret_cast<const char*>(data), size);
    std::string text;
    try {
        nlohmann::json doc = nlohmann::json::object();
        doc["content"] = content;
        doc["digest"] = to_hex(keccak256(to_view(content)));
        doc["format"] = std::string{kBundleFormat};
        text = doc.dump() + "\n";  // throws on invalid UTF-8: such content is no bundle
    } catch (const nlohmann::json::exception&) {
        return 0;
    }
    auto bundle = read_bundle(text);
    if (!bundle) {
        (void)bundle.error().to_string();
        return 0;
    }
    // The content inside may be any spelling of a bundle (its digest covers those bytes); what countersign writes
    // from it must load again and write the same bytes (a fixed point).
    const std::string written = write_bundle(*bundle);
    auto again = read_bundle(written);
    if (!again || write_bundle(*again) != written) std::abort();

    std::unique_ptr<ChainSession> payment, settlement;
    for (const auto& chain : bundle->chains) {
        auto s = replay_session(chain);
        if (!s) continue;
        (chain.role == ChainRole::kPayment ? payment : settlement) = std::move(*s);
    }
    std::vector<ReceiptInput> inputs;
    for (std::size_t i = 0; i < bundle->receipts.size() && i < 4; ++i) inputs.push_back({"r", bundle->receipts[i]});
    (void)verify_receipts(inputs, bundle->config, payment.get(), settlement.get(), bundle->options);
    return 0;
}
