// SPDX-License-Identifier: Apache-2.0
#include "chain/binding.hpp"

#include "crypto/keccak.hpp"

namespace countersign::chain {

Bytes32 binding_nonce(ByteView request_id, const Hash32& request_hash) noexcept {
    Keccak256 h;
    h.update(to_view(kBindingDomain));
    h.update(keccak256(request_id).view());
    h.update(request_hash.view());
    return h.finalize();
}

Bytes32 refund_nonce(const Bytes32& payment_nonce) noexcept {
    Keccak256 h;
    h.update(to_view(kRefundDomain));
    h.update(payment_nonce.view());
    return h.finalize();
}

}  // namespace countersign::chain
