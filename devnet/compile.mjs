// SPDX-License-Identifier: Apache-2.0
// Compiles devnet/contracts/*.sol with the pinned npm solc (offline, its JS API, standard JSON) and writes one
// artifact per contract to OUTDIR/<Contract>.json: {contractName, sourceName, compiler, abi, bytecode,
// deployedBytecode, storageLayout}. Any error or warning fails the build. Usage: node compile.mjs OUTDIR
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2];
if (!outDir) {
    console.error("usage: node compile.mjs OUTDIR");
    process.exit(2);
}

const require = createRequire(import.meta.url);
let solc;
try {
    solc = require("solc");
} catch (e) {
    console.error(`compile.mjs: the npm package solc is missing (${e.message}); ` +
        `run: (cd ${here} && npm ci --no-audit --no-fund)`);
    process.exit(1);
}

const contractsDir = path.join(here, "contracts");
const sources = {};
for (const file of fs.readdirSync(contractsDir).filter((f) => f.endsWith(".sol")).sort()) {
    sources[`contracts/${file}`] = { content: fs.readFileSync(path.join(contractsDir, file), "utf8") };
}

const input = {
    language: "Solidity",
    sources,
    settings: {
        // cancun: every anvil release in use supports it; nothing here needs a later fork.
        evmVersion: "cancun",
        optimizer: { enabled: true, runs: 200 },
        // No metadata hash: the bytecode then depends only on the sources, not on file paths or comments.
        metadata: { bytecodeHash: "none" },
        outputSelection: {
            "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "storageLayout"] },
        },
    },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const diagnostic of output.errors ?? []) {
    console.error(diagnostic.formattedMessage ?? diagnostic.message);
    if (diagnostic.severity === "error" || diagnostic.severity === "warning") failed = true;
}
if (failed) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
let count = 0;
for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, c] of Object.entries(contracts)) {
        if (!c.evm.bytecode.object) continue;  // interfaces
        const artifact = {
            contractName,
            sourceName,
            compiler: solc.version(),
            abi: c.abi,
            bytecode: "0x" + c.evm.bytecode.object,
            deployedBytecode: "0x" + c.evm.deployedBytecode.object,
            storageLayout: c.storageLayout,
        };
        const file = path.join(outDir, `${contractName}.json`);
        const text = JSON.stringify(artifact, null, 2) + "\n";
        // Unchanged artifacts keep their timestamps so dependents are not rebuilt.
        if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
        ++count;
    }
}
console.log(`compile.mjs: ${count} contracts -> ${outDir}`);
