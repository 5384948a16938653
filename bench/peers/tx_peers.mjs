// SPDX-License-Identifier: Apache-2.0
// JavaScript peers of bench/tx_bench.cpp: decode + sender recovery over the same fixture of mixed
// transactions (one "raw-hex sender-hex" line each, written by tx_bench), with
//   - @ethereumjs/tx: createTxFromRLP(bytes, { common }) then tx.getSenderAddress()
//   - viem: parseTransaction(hex) then recoverTransactionAddress({ serializedTransaction: hex })
// Every recovered sender is checked against the fixture before anything is timed.
//
//   node bench/peers/tx_peers.mjs [FIXTURE] [--limit N] [--rounds R] [--json]
//
// FIXTURE defaults to $COUNTERSIGN_TX_FIXTURE, then build/release/bench/tx_fixture.txt. --limit takes the
// first N transactions (default: all; the fixture cycles through the six kinds, so any multiple of 6 is
// balanced). Times are per transaction; CPU time (process.cpuUsage) is what tx_bench's CPU column compares
// with. --json prints Google Benchmark-style JSON (names JS_ethereumjs_tx_decode_recover, JS_viem_...).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createTxFromRLP } from '@ethereumjs/tx';
import { hexToBytes } from '@ethereumjs/util';
import { parseTransaction, recoverTransactionAddress } from 'viem';

const args = process.argv.slice(2);
let fixture = process.env.COUNTERSIGN_TX_FIXTURE;
let limit = Infinity;
let rounds = 1;
let json = false;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--limit') limit = Number(args[++i]);
  else if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--json') json = true;
  else fixture = args[i];
}
if (!fixture) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  fixture = path.join(root, 'build/release/bench/tx_fixture.txt');
}

const lines = readFileSync(fixture, 'utf8').split('\n').filter((l) => l.length > 0).slice(0, limit);
const txs = lines.map((l) => {
  const [raw, sender] = l.split(' ');
  return { hex: raw, bytes: hexToBytes(raw), sender: sender.toLowerCase() };
});

// Prague activates every transaction type used. ethereumjs insists on a KZG implementation for any blob
// transaction, even in canonical form where no blob, commitment or proof exists to check; the stub is never
// called (decoding the network form with blobs would need a real one).
const kzgStub = {
  loadTrustedSetup() {},
  blobToKzgCommitment() { throw new Error('kzg stub'); },
  computeBlobProof() { throw new Error('kzg stub'); },
  verifyProof() { throw new Error('kzg stub'); },
  verifyBlobProofBatch() { throw new Error('kzg stub'); },
};
const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague, customCrypto: { kzg: kzgStub } });

function ethereumjsSender(t) {
  const tx = createTxFromRLP(t.bytes, { common });
  return tx.getSenderAddress().toString();
}

async function viemSender(t) {
  parseTransaction(t.hex);
  return recoverTransactionAddress({ serializedTransaction: t.hex });
}

// Correctness first: a peer that recovers the wrong sender (or throws) is reported, not timed.
for (const t of txs) {
  const a = ethereumjsSender(t).toLowerCase();
  if (a !== t.sender) throw new Error(`ethereumjs: sender ${a}, expected ${t.sender} for ${t.hex.slice(0, 20)}…`);
  const b = (await viemSender(t)).toLowerCase();
  if (b !== t.sender) throw new Error(`viem: sender ${b}, expected ${t.sender} for ${t.hex.slice(0, 20)}…`);
}

async function measure(fn) {
  const n = txs.length * rounds;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; ++r) {
    for (const t of txs) await fn(t);
  }
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  return { n, realNs: wall / n, cpuNs: ((cpu.user + cpu.system) * 1000) / n };
}

const results = [
  ['JS_ethereumjs_tx_decode_recover', await measure(async (t) => ethereumjsSender(t))],
  ['JS_viem_tx_decode_recover', await measure(viemSender)],
];

if (json) {
  console.log(JSON.stringify({
    context: { fixture, transactions: txs.length, rounds, node: process.version },
    benchmarks: results.map(([name, r]) => ({
      name, run_name: name, run_type: 'iteration', iterations: r.n,
      real_time: r.realNs, cpu_time: r.cpuNs, time_unit: 'ns',
    })),
  }, null, 2));
} else {
  console.log(`fixture ${fixture}: ${txs.length} transactions x ${rounds} round(s), senders verified`);
  for (const [name, r] of results) {
    console.log(`${name.padEnd(36)} ${(r.cpuNs / 1000).toFixed(1).padStart(9)} us/tx CPU  ${(r.realNs / 1000).toFixed(1).padStart(9)} us/tx wall`);
  }
}
