// SPDX-License-Identifier: Apache-2.0
#pragma once
// ethereum/execution-apis recorded exchanges (tests/<method>/*.io) checked against a chain we verify
// ourselves: chain.rlp is decoded and verified backwards by parent hashes from the head hash that
// headfcu.json names (the trusted checkpoint), each body against its header, the genesis block rebuilt
// from genesis.json (its state root computed from the allocation). Every field of every response is then
// bound to those verified bytes, or named in a skip note when nothing verified can bind it.
//
// kExecutionApis claims the .io files; kExecutionApisChain claims the chain files themselves (chain.rlp: one
// case per block; genesis.json, forkenv.json, headfcu.json: one case each).

#include "conformance/format.hpp"

namespace countersign::conformance {

extern const Format kExecutionApis;
extern const Format kExecutionApisChain;

}  // namespace countersign::conformance
