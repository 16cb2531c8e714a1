// Betweenness off the main thread: 5,000 nodes and 20,000 links take seconds even when sampled.
import { betweenness } from "./metrics";
import type { MapData } from "./types";

self.onmessage = (event: MessageEvent<{ id: number; data: MapData }>) => {
  const { id, data } = event.data;
  const result = betweenness(data, { exactUpTo: 1500, pivots: 256, seed: 42 });
  (self as unknown as Worker).postMessage({ id, entries: [...result.entries()] });
};
