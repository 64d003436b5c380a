// Cutover's live dashboard: follows the deployment feed (server-sent events from /events) and draws it.
// Plain JavaScript and inline SVG, served from the jar: no build step, no other host.
"use strict";

const NODES = [
  ["ValidateAndLock", 10, 20], ["PreTrafficChecks", 140, 20], ["ShiftTraffic", 270, 20], ["Bake", 400, 20],
  ["JudgeHealth", 530, 20], ["PostTrafficChecks", 660, 20], ["Finalize", 790, 20], ["Rollback", 530, 90]
];
const EDGES = [
  ["ValidateAndLock", "PreTrafficChecks"], ["PreTrafficChecks", "ShiftTraffic"], ["ShiftTraffic", "Bake"],
  ["Bake", "JudgeHealth"], ["JudgeHealth", "PostTrafficChecks"], ["PostTrafficChecks", "Finalize"],
  ["JudgeHealth", "Rollback"]
];
const SVG = "http://www.w3.org/2000/svg";

const view = { lastSeq: 0, t0: null, plan: null, samples: [], alarms: [], approval: null, history: null, metricsSource: null };
resetDeployment();

function resetDeployment() {
  view.deployment = null;
  view.states = {};
  view.current = null;
  view.stages = {};
  view.hooks = [];
  view.rollback = null;
  view.rollbackAt = null;
  view.outcome = null;
  view.stageAt = null;
  view.rollbackReason = null;
  view.decision = null;
}

function on(event) {
  if (event.seq <= view.lastSeq) return; // a reconnect replays the feed from the start
  view.lastSeq = event.seq;
  const at = Date.parse(event.at);
  if (view.t0 === null) view.t0 = at;
  const d = event.data;
  switch (event.kind) {
    case "plan": view.plan = d; break;
    case "deployment": resetDeployment(); view.deployment = d; break;
    case "state": onState(d, at); break;
    case "stage": view.stages[d.index] = d; break;
    case "metrics": view.samples.push({ t: (at - view.t0) / 1000, ...d }); break;
    case "hook": view.hooks.push({ at, ...d }); break;
    case "alarm": view.alarms.push(d); break;
    case "decision":
      view.decision = d;
      view.rollbackAt = Date.parse(d.at);
      if (view.states.Rollback !== "done") view.states.Rollback = "running";
      break;
    case "rollback": view.rollback = d; break;
    case "approval": view.approval = d.status === "waiting" ? d : null; break;
    case "history": view.history = d; break;
    case "metricsSource": view.metricsSource = d; break; // where the per-version numbers come from, and whether they do
    case "outcome":
      view.outcome = d;
      view.current = null;
      if (d.outcome === "ROLLED_BACK") view.states.Rollback = "done";
      else if (d.outcome === "PROMOTED") view.states.Finalize = "done";
      break;
  }
  schedule();
}

function onState(d, at) {
  if (d.stage !== undefined && d.stage >= 0) view.stageAt = d.stage;
  if (d.status === "running") {
    view.current = d.state;
    view.states[d.state] = "running";
    if (d.state === "ShiftTraffic") view.states.Bake = undefined;
    return;
  }
  view.states[d.state] = d.status;
  if (d.state === "ShiftTraffic" && d.status === "done") {
    view.current = "Bake"; // the Wait state between the shift and its verdict
    view.states.Bake = "running";
  } else if (d.state === "JudgeHealth") {
    view.states.Bake = "done";
    view.current = d.status === "failed" && /not published|MetricsNotPublished/i.test(d.error || "") ? "Bake" : null;
  } else {
    view.current = null;
  }
  if (d.state === "Rollback" && d.reason) view.rollbackReason = d.reason;
}

let pending = false;
function schedule() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; render(); });
}

function text(id, value) { document.getElementById(id).textContent = value; }
function weights(w) { return w ? `blue ${w.blue} / green ${w.green}` : "-"; }

function render() {
  const d = view.deployment;
  if (view.plan) text("service", view.plan.service);
  if (d) text("deployment", `deployment ${d.deploymentId}: ${d.version} (${d.scenario})`);
  const status = view.outcome ? view.outcome.outcome : view.states.Rollback === "running" ? "rolling back"
    : view.current ? view.current : d ? "running" : "starting";
  text("status", status);
  document.getElementById("status").dataset.status = status;
  const last = view.samples[view.samples.length - 1];
  if (last) text("weights-now", weights(last.weights));
  const box = document.getElementById("outcome-box");
  box.hidden = !view.outcome;
  if (view.outcome) {
    text("outcome", view.outcome.outcome);
    text("final-weights", weights(view.outcome.finalWeights));
  }
  renderWorkflow();
  renderStages();
  renderCharts();
  renderHooks();
  renderRollback();
  renderApproval();
  renderHistory();
}

function renderApproval() {
  const a = view.approval;
  document.getElementById("approval").hidden = !a;
  if (a) text("approval-text", `stage ${a.stageIndex + 1} (${a.percent}%) of ${a.deploymentId} waits for approval`);
}

// one row of the ledger's history: the same columns as the HTML report's (HtmlReport.history)
function historyRow(r) {
  const reachedStages = (r.stages || []).filter(s => s.percent > 0); // the rollback's entry is at 0%
  const indexes = new Set(reachedStages.map(s => s.index));
  const percents = reachedStages.map(s => s.percent);
  const reached = indexes.size ? `${indexes.size} (up to ${Math.max(...percents)}%)` : "0";
  const started = Date.parse(r.startedAt), finished = Date.parse(r.finishedAt);
  const duration = r.finishedAt && !isNaN(started) ? `${Math.round((finished - started) / 1000)} s` : "running";
  return [r.deploymentId, r.status, r.outcomeReason || "", reached, duration];
}

function renderHistory() {
  const h = view.history;
  if (!h) return;
  text("history-service", h.service);
  const rows = h.deployments.map(r => {
    const tr = document.createElement("tr");
    tr.dataset.deployment = r.deploymentId;
    tr.dataset.status = r.status;
    for (const c of historyRow(r)) {
      const td = document.createElement("td");
      td.textContent = c;
      tr.appendChild(td);
    }
    return tr;
  });
  document.querySelector("#history tbody").replaceChildren(...rows);
}

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function renderWorkflow() {
  const svg = el("svg", { viewBox: "0 0 920 140", role: "img", "aria-label": "workflow" });
  const defs = el("defs", {}, svg);
  const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6,
    orient: "auto-start-reverse" }, defs);
  el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#9ca3af" }, marker);
  const pos = Object.fromEntries(NODES.map(([n, x, y]) => [n, [x, y]]));
  for (const [a, b] of EDGES) {
    const [ax, ay] = pos[a], [bx, by] = pos[b];
    const path = ay === by ? `M${ax + 120},${ay + 20} L${bx},${by + 20}` : `M${ax + 60},${ay + 40} L${bx + 60},${by}`;
    el("path", { class: "edge", d: path }, svg);
  }
  el("path", { class: "edge", d: `M${pos.JudgeHealth[0] + 60},${pos.JudgeHealth[1]} C560,-8 330,-8 ${pos.ShiftTraffic[0] + 60},${pos.ShiftTraffic[1]}` }, svg);
  const total = view.plan ? view.plan.stages.length : 0;
  for (const [name, x, y] of NODES) {
    const status = view.states[name];
    const classes = ["state"];
    if (view.current === name) classes.push("current");
    else if (status === "done") classes.push("done");
    else if (status === "failed") classes.push("failed");
    const g = el("g", { class: classes.join(" "), "data-state": name, "data-status": status || "" }, svg);
    el("rect", { x, y, width: 120, height: 40 }, g);
    const label = el("text", { x: x + 60, y: y + 17, "text-anchor": "middle" }, g);
    label.textContent = name;
    if (["ShiftTraffic", "Bake", "JudgeHealth"].includes(name) && view.stageAt !== null && total) {
      const stage = el("text", { x: x + 60, y: y + 31, "text-anchor": "middle" }, g);
      stage.textContent = `stage ${view.stageAt + 1}/${total} (${view.plan.stages[view.stageAt].percent}%)`;
    }
  }
  const box = document.getElementById("workflow");
  box.replaceChildren(svg);
}

function renderStages() {
  const body = document.querySelector("#stages tbody");
  const planned = view.plan ? view.plan.stages : [];
  const rows = [];
  const count = Math.max(planned.length, ...Object.keys(view.stages).map(i => +i + 1), 0);
  for (let i = 0; i < count; i++) {
    const s = view.stages[i] || {};
    const p = planned[i] || {};
    const verdict = s.verdict || {};
    const tr = document.createElement("tr");
    tr.dataset.index = i;
    tr.dataset.reached = s.weights ? "true" : "false";
    const cells = [i + 1, `${s.percent ?? p.percent ?? "?"}%`, `${s.bakeSeconds ?? p.bakeSeconds ?? "?"} s`,
      weights(s.weights), verdict.status || (s.weights ? (view.outcome ? "not judged (cut short)" : "baking") : "-"), verdict.summary || verdict.error || ""];
    cells.forEach((c, k) => {
      const td = document.createElement("td");
      td.textContent = c;
      if (k === 3) td.className = "weights";
      if (k === 4) { td.className = "verdict"; td.dataset.status = verdict.status || ""; }
      tr.appendChild(td);
    });
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

function gate(metric) {
  return view.plan ? view.plan.gates.find(g => g.metric === metric) : undefined;
}

function renderCharts() {
  const s = view.samples;
  const bands = Object.values(view.stages).filter(st => st.shiftedAt).map(st => {
    const from = (Date.parse(st.shiftedAt) - view.t0) / 1000;
    const to = st.judgedAt ? (Date.parse(st.judgedAt) - view.t0) / 1000 : from + st.bakeSeconds;
    return [from, to];
  });
  const both = f => [
    { cls: "blue", points: s.map(x => [x.t, f(x.blue)]).filter(p => p[1] !== null) },
    { cls: "green", points: s.map(x => [x.t, f(x.green)]).filter(p => p[1] !== null) }];
  chart("chart-weights", [{ cls: "green", points: s.map(x => [x.t, x.weights.green]) }], bands, [], 100);
  const src = view.metricsSource;
  const note = src && !src.available ? { text: `no data from ${src.source}`, reason: src.reason || "" } : null;
  chart("chart-rps", both(v => v.rps), bands, [], undefined, note);
  const errors = gate("ERROR_RATE_5XX");
  chart("chart-errors", both(v => (v.p99Ms === null ? null : v.errorRate * 100)), bands, errors ? [errors.threshold * 100] : [], undefined, note);
  const latency = gate("LATENCY");
  chart("chart-p99", both(v => v.p99Ms), bands, latency ? [latency.threshold] : [], undefined, note);
}

function chart(id, series, bands, thresholds, fixedMax, note) {
  const W = 460, H = 160, L = 40, R = 8, T = 8, B = 20;
  const all = series.flatMap(x => x.points);
  const tMax = Math.max(10, ...all.map(p => p[0]), ...bands.map(b => b[1]));
  const yMax = fixedMax || Math.max(1, ...all.map(p => p[1]), ...thresholds.map(v => v * 1.2)) * 1.1;
  const x = t => L + (W - L - R) * t / tMax;
  const y = v => H - B - (H - T - B) * Math.min(v, yMax) / yMax;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  for (const [a, b] of bands) el("rect", { class: "bake", x: x(a), y: T, width: Math.max(1, x(b) - x(a)), height: H - T - B }, svg);
  el("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }, svg);
  el("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B }, svg);
  for (const v of [0, yMax / 2, yMax]) {
    const label = el("text", { x: L - 4, y: y(v) + 3, "text-anchor": "end" }, svg);
    label.textContent = v >= 10 ? Math.round(v) : v.toFixed(1);
  }
  const end = el("text", { x: W - R, y: H - 6, "text-anchor": "end" }, svg);
  end.textContent = `${Math.round(tMax)} s`;
  for (const v of thresholds) el("line", { class: "threshold", x1: L, y1: y(v), x2: W - R, y2: y(v) }, svg);
  for (const line of series) {
    if (!line.points.length) continue;
    el("polyline", { class: `line ${line.cls}`, points: line.points.map(p => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ") }, svg);
  }
  const box = document.getElementById(id);
  if (note) {
    const text = el("text", { class: "note", x: (L + W - R) / 2, y: (T + H - B) / 2, "text-anchor": "middle" }, svg);
    text.textContent = note.text;
    el("title", {}, text).textContent = note.reason;
    box.dataset.note = note.text;
  } else {
    delete box.dataset.note;
  }
  box.replaceChildren(svg);
}

function renderHooks() {
  const items = view.hooks.map(h => {
    const li = document.createElement("li");
    li.dataset.step = h.step;
    li.dataset.status = h.status || "";
    const time = new Date(h.at).toISOString().substring(11, 19);
    if (h.name) {
      li.innerHTML = `<span class="time"></span> <strong class="name"></strong> <span class="status"></span> ` +
        `<span class="muted duration"></span> <span class="reason"></span>`;
      li.querySelector(".time").textContent = time;
      li.querySelector(".name").textContent = h.name;
      li.querySelector(".status").textContent = h.status;
      li.querySelector(".duration").textContent = `(${h.durationMs} ms)`;
      li.querySelector(".reason").textContent = h.reason;
    } else {
      li.className = "muted";
      li.textContent = `${time} ${h.step}`;
    }
    return li;
  });
  document.getElementById("hooks").replaceChildren(...items);
  document.getElementById("alarms").replaceChildren(...view.alarms.map(a => {
    const li = document.createElement("li");
    li.textContent = `ALARM ${a.alarm}: ${a.reason}`;
    return li;
  }));
}

function renderRollback() {
  const section = document.getElementById("rollback");
  const r = view.rollback;
  const decision = view.decision;
  section.hidden = !r && !decision && !view.rollbackReason;
  text("rollback-at", view.rollbackAt ? `at ${new Date(view.rollbackAt).toISOString().substring(11, 23)}` : "");
  if (!r) {
    text("rollback-reason", decision ? decision.reason : view.rollbackReason || "");
    text("rollback-trigger", decision ? decision.trigger : "");
    text("rollback-detected", "...");
    text("rollback-restored", "...");
    return;
  }
  text("rollback-reason", r.reason);
  text("rollback-trigger", r.trigger);
  text("rollback-detected", r.detectedAfterMs);
  text("rollback-restored", r.trafficRestoredAfterMs);
}

function connect() {
  const source = new EventSource("events");
  source.onopen = () => { text("connection", "live"); };
  source.onerror = () => { text("connection", "reconnecting"); };
  source.onmessage = m => { text("connection", "live"); on(JSON.parse(m.data)); };
}

function controls() {
  const token = document.getElementById("token");
  const hash = new URLSearchParams(location.hash.substring(1));
  if (hash.get("token")) token.value = hash.get("token");
  for (const button of document.querySelectorAll("#controls button")) {
    button.addEventListener("click", async () => {
      const response = await fetch(`api/${button.dataset.action}`, {
        method: "POST", headers: { "X-Cutover-Token": token.value } });
      text("control-result", `${button.dataset.action}: HTTP ${response.status} ${await response.text()}`);
    });
  }
}

controls();
connect();
