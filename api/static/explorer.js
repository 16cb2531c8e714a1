"use strict";
const $ = (id) => document.getElementById(id);
async function run() {
  let variables = {};
  try { variables = JSON.parse($("variables").value || "{}"); }
  catch (e) { $("result").textContent = "Variables are not JSON: " + e.message; return; }
  const headers = { "Content-Type": "application/json" };
  const token = $("token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  $("result").textContent = "…";
  try {
    const response = await fetch(location.pathname, {
      method: "POST", credentials: "same-origin", headers,
      body: JSON.stringify({ query: $("query").value, variables }),
    });
    const text = await response.text();
    try { $("result").textContent = JSON.stringify(JSON.parse(text), null, 2); }
    catch { $("result").textContent = response.status + " " + text; }
  } catch (e) { $("result").textContent = "Request failed: " + e.message; }
}
async function schema() {
  const response = await fetch(location.pathname.replace(/\/$/, "") + "/schema.graphql");
  $("schema").textContent = await response.text();
}
$("run").addEventListener("click", run);
$("sdl").addEventListener("click", schema);
$("query").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.ctrlKey) run(); });
schema();
