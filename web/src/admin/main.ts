import { clear, h } from "../lib/dom.js";
import { highlightQuote } from "../lib/highlight.js";
import "./insights.js";
import { mountReviewQueue } from "./review-queue.js";

/**
 * The admin page: every call carries the token the operator typed (kept in
 * sessionStorage for this tab only) as a Bearer header. Text from documents
 * only ever enters the page through text nodes.
 */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const token = () => sessionStorage.getItem("zct-admin-token") ?? "";
const user = () => sessionStorage.getItem("zct-admin-user") ?? "";
const authHeaders = (): Record<string, string> => ({ Authorization: `Bearer ${token()}`, "X-Admin-User": encodeURIComponent(user()) });

function status(id: string, text: string, kind: "ok" | "error" | "" = ""): void {
  const el = $(id);
  el.textContent = text;
  el.className = `admin-status ${kind}`;
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) } });
  const body = (await res.json().catch(() => ({}))) as T & { error?: { message: string; details?: string[] } };
  if (!res.ok) throw new Error([body.error?.message ?? `请求失败（${res.status}）`, ...(body.error?.details ?? [])].join("；"));
  return body;
}

/** Multipart upload with progress (fetch has no upload progress; XMLHttpRequest does). */
function send(path: string, form: FormData): Promise<any> {
  const bar = $<HTMLProgressElement>("upload-progress");
  bar.hidden = false;
  bar.value = 0;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    };
    xhr.onload = () => {
      bar.value = 100;
      let body: any = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error([body.error?.message ?? `请求失败（${xhr.status}）`, ...(body.error?.details ?? [])].join("；")));
    };
    xhr.onerror = () => reject(new Error("网络错误，请重试"));
    xhr.send(form);
  });
}

const META = [
  ["title", "标题"],
  ["issuer", "发布机关"],
  ["docNumber", "文号"],
  ["published", "发布日期（YYYY-MM-DD）"],
  ["validFrom", "生效日期"],
  ["validTo", "失效日期"],
  ["id", "文档编号"],
  ["source", "来源网址"],
] as const;

let picked: File | undefined;

function showPreview(p: any): void {
  const doc = p.docs[0];
  const form = $("meta-form");
  clear(form);
  for (const [key, label] of META) form.append(h("label", null, label, h("input", { name: key, value: doc?.[key] ?? "", "data-meta": key })));
  const v = $("validity");
  v.textContent = doc ? `截至 ${doc.asOf}：${doc.inForce ? "有效" : "不在有效期内"}${doc.validFrom || doc.validTo ? `（${doc.validFrom ?? "…"} 至 ${doc.validTo ?? "…"}）` : "（未写明有效期）"}` : "";
  v.className = `admin-validity ${doc?.inForce ? "in" : "out"}`;
  showRegion(doc);
  $("clause-count").textContent = `（${p.clauses.length} 条）`;
  const tree = $("clause-tree");
  clear(tree);
  for (const c of p.clauses) {
    // The label is shown apart: drop the clause's own number from the start of its text.
    const text = c.text.replace(/^(?:第[^条章节\s]{1,6}[条章节]|[一二三四五六七八九十]{1,3}、|[（(][^）)]{1,3}[）)]|\d{1,2}[.．、])\s*/, "");
    tree.append(h("li", { class: `depth-${Math.min(c.depth, 3)}`, "data-article": c.article }, h("span", { class: "article" }, c.article), text.slice(0, 60), text.length > 60 ? "…" : "", c.page ? h("span", { class: "page" }, `第${c.page}页`) : null));
  }
  $("preview").hidden = false;
}

const DOUBTS: Record<string, string> = {
  region_unknown: "地区不明：各处线索不一致或没有线索，文件不会被当作全国性政策，请核对后在元数据中写明地区",
  no_period: "未写明有效期",
  title_from_file_name: "标题取自文件名，请填写文件标题",
  duplicate_labels: "有重复的条款标号，引用可能指向错误的条款",
};

/** The region read and the words it was read from; red when unknown. */
function showRegion(doc: any): void {
  const r = $("region");
  clear(r);
  const d = $("doubts");
  clear(d);
  if (!doc) return;
  const reg = doc.region ?? {};
  const place = [reg.province, reg.city !== reg.province ? reg.city : undefined, reg.district].filter(Boolean).join("");
  const shown = reg.level === "national" ? "全国" : reg.level === "unknown" ? `地区不明${place ? `（${place}？）` : ""}` : place;
  r.className = `admin-region ${reg.level === "unknown" ? "unknown" : ""}`;
  r.append(`地区：${shown}`);
  for (const e of (doc.evidence?.region ?? []).slice(0, 4)) r.append(h("span", { class: "evidence" }, `${e.place ? `${e.place} ← ` : ""}“${e.quote}”`));
  for (const x of doc.doubts ?? []) d.append(h("li", { "data-doubt": x }, DOUBTS[x] ?? x));
}

function metaOf(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of document.querySelectorAll<HTMLInputElement>("[data-meta]")) if (el.value.trim()) out[el.dataset.meta!] = el.value.trim();
  return out;
}

async function loadDocs(): Promise<void> {
  const list = $("doc-list");
  const { policies } = await (await fetch("/api/policies")).json();
  clear(list);
  for (const p of policies) {
    list.append(
      h(
        "li",
        { "data-doc": p.id },
        h("span", null, `${p.title}（${p.sourceFile}）`),
        h("button", {
          type: "button",
          onclick: async () => {
            if (!confirm(`删除《${p.title}》？`)) return;
            try {
              await api(`/admin/api/documents/${encodeURIComponent(p.id)}`, { method: "DELETE" });
              status("upload-status", `已删除《${p.title}》并重建索引`, "ok");
              await refresh();
            } catch (e) {
              status("upload-status", (e as Error).message, "error");
            }
          },
        }, "删除"),
      ),
    );
  }
}

function factInput(f: any): HTMLElement {
  const name = f.key;
  if (f.type === "boolean") return h("label", null, h("input", { type: "checkbox", "data-fact": name, "data-type": "boolean" }), f.label ?? name);
  return h("label", null, `${f.label ?? name}${f.unit ? `（${f.unit}）` : ""} `, h("input", { type: f.type === "text" ? "text" : "number", step: "any", "data-fact": name, "data-type": f.type ?? "number" }));
}

function ruleCard(r: any, disabled: boolean): HTMLElement {
  const result = h("div", { class: "result", role: "status" });
  const inputs = h("div", { class: "try" }, ...r.facts.map(factInput));
  const card = h(
    "article",
    { class: "admin-rule", "data-rule": r.id },
    h("h3", null, h("span", { class: `badge ${r.origin}` }, r.origin === "compiled" ? "自动编译" : "人工审核"), disabled ? h("span", { class: "badge disabled" }, "已停用") : null, r.title),
    h("p", null, `《${r.docTitle}》${r.article}`, r.clause?.page ? ` · 第${r.clause.page}页` : "", r.quoteFound ? "" : " · ⚠ 引文未在条款中找到"),
    h("div", { class: "clause" }, ...highlightQuote(r.clause?.text ?? "（条款不存在）", r.quote)),
    inputs,
    h("div", { class: "admin-row" },
      h("button", { type: "button", class: "try-btn", onclick: () => tryRule(r, inputs, result) }, "试算"),
      h("button", { type: "button", class: "adopt-btn", onclick: () => act(r, "adopt", "采纳") }, "采纳"),
      h("button", { type: "button", class: "disable-btn", onclick: () => act(r, "disable", "停用") }, "停用"),
    ),
    result,
  );
  return card;
}

async function tryRule(r: any, inputs: HTMLElement, out: HTMLElement): Promise<void> {
  const profile: Record<string, unknown> = {};
  const doc = (await (await fetch(`/api/policies/${encodeURIComponent(r.docId)}`)).json()).policy;
  if (doc?.region?.province) profile.province = doc.region.province;
  if (doc?.region?.city) profile.city = doc.region.city;
  if (doc?.region?.district) profile.district = doc.region.district;
  for (const el of inputs.querySelectorAll<HTMLInputElement>("[data-fact]")) {
    if (el.dataset.type === "boolean") {
      if (el.checked) profile[el.dataset.fact!] = true;
    } else if (el.value.trim()) profile[el.dataset.fact!] = el.dataset.type === "text" ? el.value.trim() : Number(el.value);
  }
  const res = await fetch("/api/eligibility", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ profile }) });
  const body = await res.json();
  if (!res.ok) {
    out.textContent = body.error?.message ?? "试算失败";
    return;
  }
  const m = body.matches.find((x: any) => x.ruleId === r.id);
  const label = { eligible: "符合", ineligible: "不符合", needs_info: "缺少信息" } as Record<string, string>;
  out.textContent = m
    ? [`结果：${label[m.status] ?? m.status}`, m.amount ? `金额：${m.amount.text}` : "", ...(m.amount?.trace ?? []).map((t: string) => `  ${t}`), ...(m.failed ?? []).map((t: string) => `不满足：${t}`), ...(m.missingLabels ?? []).map((t: string) => `待补充：${t}`)].filter(Boolean).join("\n")
    : "该规则未参与计算";
}

async function act(r: any, what: "adopt" | "disable", label: string): Promise<void> {
  try {
    const res = await api<any>(`/admin/api/rules/${encodeURIComponent(r.id)}/${what}`, { method: "POST" });
    status("upload-status", `已${label}规则 ${r.id}${res.file ? `（写入 ${res.file}）` : ""}，索引已重建`, "ok");
    await refresh();
  } catch (e) {
    status("upload-status", (e as Error).message, "error");
  }
}

async function loadRules(): Promise<void> {
  const root = $("rule-list");
  try {
    const { rules, disabled } = await api<any>("/admin/api/rules");
    clear(root);
    const sorted = [...rules].sort((a, b) => (a.origin === "compiled" ? 0 : 1) - (b.origin === "compiled" ? 0 : 1));
    for (const r of sorted) root.append(ruleCard(r, disabled.includes(r.id)));
    if (!rules.length) root.append(h("p", null, "暂无规则"));
  } catch (e) {
    clear(root);
    root.append(h("p", { class: "admin-status error" }, (e as Error).message));
  }
}

async function refresh(): Promise<void> {
  await Promise.all([loadDocs(), token() ? loadRules() : Promise.resolve(), token() ? mountReviewQueue().catch(() => {}) : Promise.resolve()]);
}

$("auth-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  sessionStorage.setItem("zct-admin-token", $<HTMLInputElement>("admin-token").value);
  sessionStorage.setItem("zct-admin-user", $<HTMLInputElement>("admin-user").value);
  try {
    await api("/admin/api/rules");
    status("auth-status", "口令正确", "ok");
    await refresh();
  } catch (err) {
    status("auth-status", (err as Error).message, "error");
  }
});

$("upload-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  picked = $<HTMLInputElement>("upload-file").files?.[0];
  if (!picked) return;
  status("upload-status", `正在上传并解析 ${picked.name}…`);
  const form = new FormData();
  form.append("file", picked);
  try {
    showPreview(await send("/admin/api/preview", form));
    status("upload-status", `已解析 ${picked.name}，请核对后保存`, "ok");
  } catch (err) {
    $("preview").hidden = true;
    status("upload-status", (err as Error).message, "error");
  }
});

$("save-btn").addEventListener("click", async () => {
  if (!picked) return;
  const form = new FormData();
  form.append("file", picked);
  form.append("meta", JSON.stringify(metaOf()));
  status("upload-status", "正在保存并重建索引…");
  try {
    const res = await send("/admin/api/documents", form);
    status("upload-status", `已保存 ${res.file}：${res.docs.map((d: any) => `《${d.title}》`).join("、")}，${res.clauses} 个条款，索引已重建`, "ok");
    $("preview").hidden = true;
    await refresh();
  } catch (err) {
    status("upload-status", (err as Error).message, "error");
  }
});

if (token()) $<HTMLInputElement>("admin-token").value = token();
void refresh();
