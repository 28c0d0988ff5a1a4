// The query page of `kg serve`: no libraries, nothing from the network but the endpoint.
"use strict";

const byId = (id) => document.getElementById(id);
const ROW_LIMIT = 2000; // rows drawn; the rest are counted

function cell(term) {
  if (!term) return "";
  if (term.type === "uri") return term.value;
  if (term.type === "literal" && term["xml:lang"]) return `${term.value} @${term["xml:lang"]}`;
  return term.value;
}

function drawTable(data) {
  const result = byId("result");
  result.textContent = "";
  if (typeof data.boolean === "boolean") {
    result.textContent = `ASK: ${data.boolean}`;
    return 0;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const table = document.createElement("table");
  const head = table.insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  for (const row of rows.slice(0, ROW_LIMIT)) {
    const tr = table.insertRow();
    for (const v of vars) tr.insertCell().textContent = cell(row[v]);
  }
  result.appendChild(table);
  return rows.length;
}

async function run() {
  const status = byId("status");
  const started = performance.now();
  status.textContent = "running…";
  byId("result").textContent = "";
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", "Accept": byId("accept").value },
      body: byId("query").value,
    });
    const type = (response.headers.get("Content-Type") || "").split(";")[0];
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = `${response.status}: ${await response.text()}`;
      byId("result").appendChild(p);
      status.textContent = `failed in ${seconds}s`;
      return;
    }
    if (type === "application/sparql-results+json") {
      const count = drawTable(await response.json());
      const shown = count > ROW_LIMIT ? ` (first ${ROW_LIMIT} shown)` : "";
      status.textContent = `${count} rows in ${seconds}s${shown}`;
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      byId("result").appendChild(pre);
      status.textContent = `${type} in ${seconds}s`;
    }
  } catch (error) {
    status.textContent = `failed: ${error}`;
  }
}

async function loadExamples() {
  const select = byId("examples");
  const response = await fetch("queries.json");
  const about = await response.json();
  if (about.graph_page) {
    byId("graphlink").innerHTML = 'The graph page: <a href="graph.html">graph.html</a>.';
  }
  for (const q of about.queries) {
    const option = document.createElement("option");
    option.value = q.query;
    option.textContent = q.name;
    select.appendChild(option);
  }
  select.addEventListener("change", () => {
    if (select.value) byId("query").value = select.value;
  });
}

byId("run").addEventListener("click", run);
byId("query").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
});
loadExamples();
