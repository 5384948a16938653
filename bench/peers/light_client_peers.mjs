// SPDX-License-Identifier: Apache-2.0
// The JavaScript side of bench/light_client_bench.cpp, which starts anvil, fills it and runs this script
// against it: the same receipts fetched the way a JavaScript client does today, with nothing verified.
//
//   node bench/peers/light_client_peers.mjs <rpc url> <file: one tx hash a line> <blocks>
//
// Per transaction (rotating order): viem getTransactionReceipt, ethers getTransactionReceipt (both parse and
// format the answer). Per block 1..blocks: viem eth_getBlockReceipts + formatTransactionReceipt of each, and
// ethers send('eth_getBlockReceipts') (raw JSON; ethers has no formatted block-receipts call). Prints one
// JSON line {"light_client_peers": {...}} with wall-clock p50/p99 in ms and receipts/s.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { JsonRpcProvider } from 'ethers';
import { createPublicClient, formatTransactionReceipt, http } from 'viem';

const [url, hashFile, blockArg] = process.argv.slice(2);
if (!url || !hashFile || !blockArg) {
    console.error('usage: light_client_peers.mjs <rpc url> <hash file> <blocks>');
    process.exit(2);
}
const hashes = readFileSync(hashFile, 'utf8').split('\n').filter(Boolean);
const blocks = Number(blockArg);

const viem = createPublicClient({ transport: http(url, { batch: false, retryCount: 0 }) });
// No batching (ethers otherwise waits batchStallTime for each sequential call) and no network probing.
const ethers = new JsonRpcProvider(url, 8453, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });

function percentiles(ms) {
    const s = [...ms].sort((a, b) => a - b);
    const rank = q => s[Math.max(1, Math.ceil(q * s.length)) - 1];
    return { p50: rank(0.5), p99: rank(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

async function timed(fn) {
    const t0 = performance.now();
    const r = await fn();
    return [performance.now() - t0, r];
}

// Warm-up: connections, JIT.
for (const h of hashes.slice(0, 20)) {
    await viem.getTransactionReceipt({ hash: h });
    await ethers.getTransactionReceipt(h);
}

const viemMs = [], ethersMs = [];
for (let i = 0; i < hashes.length; ++i) {
    const jobs = [
        async () => {
            const [ms, r] = await timed(() => viem.getTransactionReceipt({ hash: hashes[i] }));
            if (r.transactionHash !== hashes[i]) throw new Error('viem: wrong receipt');
            viemMs.push(ms);
        },
        async () => {
            const [ms, r] = await timed(() => ethers.getTransactionReceipt(hashes[i]));
            if (r.hash !== hashes[i]) throw new Error('ethers: wrong receipt');
            ethersMs.push(ms);
        },
    ];
    for (let k = 0; k < jobs.length; ++k) await jobs[(i + k) % jobs.length]();
}

let viemBlocksMs = 0, ethersBlocksMs = 0, receipts = 0, ethersReceipts = 0;
for (let n = 1; n <= blocks; ++n) {
    const tag = `0x${n.toString(16)}`;
    const jobs = [
        async () => {
            const [ms, r] = await timed(async () => {
                const raw = await viem.request({ method: 'eth_getBlockReceipts', params: [tag] });
                return raw.map(formatTransactionReceipt);
            });
            viemBlocksMs += ms;
            receipts += r.length;
        },
        async () => {
            const [ms, r] = await timed(() => ethers.send('eth_getBlockReceipts', [tag]));
            ethersBlocksMs += ms;
            ethersReceipts += r.length;
        },
    ];
    for (let k = 0; k < jobs.length; ++k) await jobs[(n + k) % jobs.length]();
}
if (ethersReceipts !== receipts) throw new Error('viem and ethers saw different receipt counts');

const v = percentiles(viemMs), e = percentiles(ethersMs);
console.log(JSON.stringify({
    light_client_peers: {
        samples: hashes.length,
        viem_receipt_p50_ms: v.p50, viem_receipt_p99_ms: v.p99,
        ethers_receipt_p50_ms: e.p50, ethers_receipt_p99_ms: e.p99,
        viem_block_receipts_per_s: receipts / (viemBlocksMs / 1e3),
        ethers_block_receipts_per_s: receipts / (ethersBlocksMs / 1e3),
        receipts,
    },
}));
ethers.destroy();
