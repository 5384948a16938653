// SPDX-License-Identifier: Apache-2.0
// The JavaScript side of bench/trie_bench.cpp: the receipts root of the same 1,000-receipt block
// (bench/fixtures/receipts_1000.rlp, written by the C++ benchmark program) with @ethereumjs/mpt, the way
// @ethereumjs/vm builds it: put rlp(i) -> receipt for every receipt into a fresh trie, then read the root.
//
//   node bench/peers/trie_peers.mjs             # Google Benchmark-shaped JSON on stdout (for scripts/bench)
//   node bench/peers/trie_peers.mjs --human     # one line per benchmark
//   BENCH_MIN_TIME=2 node bench/peers/trie_peers.mjs   # measure for at least 2 s of CPU time (default 1)
//
// Times are CPU time (process.cpuUsage), as scripts/bench compares CPU times.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';

const here = dirname(fileURLToPath(import.meta.url));
const fixturePath = join(here, '..', 'fixtures', 'receipts_1000.rlp');
// ordered_trie_root of the fixture, as computed by countersign (BM_receipts_root_1000's label).
const expectedRoot =
    process.env.TRIE_EXPECTED_ROOT ?? '0x831792544ea1dab60fbf52fe71dd27567e18fd7a15b74845d10efbd338af2cec';

const receipts = RLP.decode(readFileSync(fixturePath));
if (!Array.isArray(receipts) || receipts.length !== 1000) throw new Error(`${fixturePath}: expected 1000 receipts`);

async function receiptsRoot() {
    const trie = new MerklePatriciaTrie();
    for (let i = 0; i < receipts.length; ++i) await trie.put(RLP.encode(i), receipts[i]);
    return trie.root();
}

const hex = (b) => '0x' + Buffer.from(b).toString('hex');
const cpuNs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1000;
};

async function measure(name, fn) {
    const minNs = Number(process.env.BENCH_MIN_TIME ?? '1') * 1e9;
    let label = hex(await fn());  // warm-up, and the result to check
    let iterations = 0;
    const wallStart = process.hrtime.bigint();
    const cpuStart = cpuNs();
    while (cpuNs() - cpuStart < minNs || iterations < 3) {
        await fn();
        ++iterations;
    }
    const cpu = (cpuNs() - cpuStart) / iterations;
    const real = Number(process.hrtime.bigint() - wallStart) / iterations;
    const ok = label === expectedRoot;
    return {
        name,
        run_type: 'iteration',
        iterations,
        real_time: real,
        cpu_time: cpu,
        time_unit: 'ns',
        label,
        ...(ok ? {} : { error_occurred: true, error_message: `root ${label}, expected ${expectedRoot}` }),
    };
}

const benchmarks = [await measure('BM_ethereumjs_mpt_receipts_root_1000', receiptsRoot)];
if (process.argv.includes('--human')) {
    for (const b of benchmarks)
        console.log(`${b.name}  ${(b.cpu_time / 1e6).toFixed(2)} ms cpu  ${b.iterations} iterations  root ${b.label}` +
                    (b.error_occurred ? `  ERROR: ${b.error_message}` : ''));
} else {
    const context = { library: '@ethereumjs/mpt', node: process.version };
    console.log(JSON.stringify({ context, benchmarks }, null, 2));
}
if (benchmarks.some((b) => b.error_occurred)) process.exitCode = 1;
