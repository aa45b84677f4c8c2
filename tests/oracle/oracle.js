#!/usr/bin/env node
// Long-lived reference oracle for libzksync tests.
// Protocol: one JSON object per line on stdin, {"op": "...", ...args}; one JSON object per line on stdout,
// {"ok": <result>} or {"err": "<message>"}. Ops come from every file in ops/ (each exports {name: fn(args)}).
// Byte strings travel as lowercase hex without 0x unless an op says otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const ops = {};
for (const f of fs.readdirSync(path.join(__dirname, 'ops')).sort()) {
  if (!f.endsWith('.js')) continue;
  const mod = require(path.join(__dirname, 'ops', f));
  for (const [k, v] of Object.entries(mod)) {
    if (ops[k]) throw new Error(`duplicate oracle op ${k} in ${f}`);
    ops[k] = v;
  }
}

async function main() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out = [];
  let flushScheduled = false;
  const flush = () => { flushScheduled = false; if (out.length) process.stdout.write(out.splice(0).join('')); };
  for await (const line of rl) {
    if (!line.trim()) continue;
    let reply;
    try {
      const req = JSON.parse(line);
      const fn = ops[req.op];
      if (!fn) throw new Error(`unknown op ${req.op}`);
      reply = { ok: await fn(req) };
    } catch (e) {
      reply = { err: String(e && e.message ? e.message : e) };
    }
    out.push(JSON.stringify(reply) + '\n');
    if (!flushScheduled) { flushScheduled = true; setImmediate(flush); }
  }
  flush();
}
main();
