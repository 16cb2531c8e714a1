// A light load generator shared by every server the peer benchmark measures: CLIENTS
// connections, each posting BODY (a JSON GraphQL request) in a loop for SECONDS, keep-alive.
// Prints one JSON line: requests, errors, throughput, latency percentiles (seconds).
// node load.mjs URL CLIENTS SECONDS BODY [AUTHORIZATION]
import { Agent, request } from "undici";

const [url, clientsArg, secondsArg, body, authorization] = process.argv.slice(2);
const clients = Number(clientsArg);
const until = performance.now() + Number(secondsArg) * 1000;
const agent = new Agent({ connections: clients, pipelining: 1, keepAliveTimeout: 30_000 });
const headers = { "content-type": "application/json" };
if (authorization) headers.authorization = authorization;

const latencies = [];
let errors = 0;
let firstError = null;

async function client() {
  while (performance.now() < until) {
    const started = performance.now();
    const answer = await request(url, { method: "POST", headers, body, dispatcher: agent });
    const text = await answer.body.text();
    latencies.push((performance.now() - started) / 1000);
    if (answer.statusCode !== 200 || text.includes('"errors"')) {
      errors += 1;
      firstError ??= `${answer.statusCode}: ${text.slice(0, 300)}`;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: clients }, client));
const wall = (performance.now() - started) / 1000;
await agent.close();
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
const round = (x) => Math.round(x * 1e6) / 1e6;
process.stdout.write(
  JSON.stringify({
    clients,
    requests: latencies.length,
    errors,
    first_error: firstError,
    wall_s: round(wall),
    throughput_rps: Math.round((latencies.length / wall) * 10) / 10,
    latency_s: { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) },
  }) + "\n",
);
