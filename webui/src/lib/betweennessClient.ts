import type { MapData } from "./types";

let worker: Worker | null = null;
let nextId = 0;

/** Betweenness computed in a module worker (bundled by Vite, served from the same origin). */
export function betweennessInWorker(data: MapData): Promise<Map<string, number>> {
  worker ??= new Worker(new URL("./metrics.worker.ts", import.meta.url), { type: "module" });
  const id = ++nextId;
  const w = worker;
  const slim: MapData = {
    nodes: data.nodes.map((n) => ({ id: n.id, kind: n.kind, label: "", version: 0, fields: {} })),
    edges: data.edges.map((e) => ({ from: e.from, to: e.to, type: e.type, properties: {} })),
  };
  return new Promise((resolve, reject) => {
    const onMessage = (ev: MessageEvent<{ id: number; entries: [string, number][] }>) => {
      if (ev.data.id !== id) return;
      w.removeEventListener("message", onMessage);
      resolve(new Map(ev.data.entries));
    };
    w.addEventListener("message", onMessage);
    w.addEventListener("error", (e) => reject(new Error(e.message)), { once: true });
    w.postMessage({ id, data: slim });
  });
}
