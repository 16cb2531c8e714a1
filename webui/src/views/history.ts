import type { AppContext, View } from "../app";
import { h } from "../lib/dom";

export async function historyView(ctx: AppContext): Promise<View> {
  await ctx.map.ensureLoaded();
  return { el: h("div", { className: "page" }, h("h1", {}, "history")) };
}
