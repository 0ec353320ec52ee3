import { ChatView } from "../components/chatView.js";
import { Api } from "../lib/api.js";
import { h } from "../lib/dom.js";
import { placement, regionProfile, safeColor } from "./config.js";

/** Injected by scripts/build-web.mjs: the widget's whole stylesheet, minified. */
declare const __WIDGET_CSS__: string;

/**
 * <zct-widget>: the embeddable consultation button. Everything lives in a
 * shadow root so the host page's CSS cannot reach in, and the bundle is an
 * IIFE so nothing but the custom element reaches out.
 */

// currentScript is only set while this file first runs, so read it now.
const script = document.currentScript as HTMLScriptElement | null;
const apiOrigin = script?.src ? new URL(script.src, location.href).origin : location.origin;


let sheet: CSSStyleSheet | null = null;
function styles(root: ShadowRoot): void {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet !== "undefined" && "replaceSync" in CSSStyleSheet.prototype) {
    // A constructed sheet is not inline style, so a strict host CSP still allows it.
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(__WIDGET_CSS__);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = __WIDGET_CSS__;
    root.append(style);
  }
}

class ZctWidget extends HTMLElement {
  private built = false;

  connectedCallback(): void {
    if (this.built) return;
    this.built = true;
    const root = this.attachShadow({ mode: "open" });
    styles(root);
    const color = safeColor(this.dataset.color);
    // CSSOM property, not a style attribute: permitted by style-src 'self'.
    if (color) {
      this.style.setProperty("--zct-primary", color);
      // Hover and tint shades follow the site's colour where color-mix() exists.
      if (CSS.supports("color", `color-mix(in srgb, ${color} 50%, black)`)) {
        this.style.setProperty("--zct-primary-dark", `color-mix(in srgb, ${color} 78%, black)`);
        this.style.setProperty("--zct-primary-soft", `color-mix(in srgb, ${color} 9%, white)`);
      }
    }

    // Where it sits: the site's own 返回顶部 button may be bottom-right already.
    const place = placement(this.dataset.position, this.dataset.offset);
    this.style.setProperty("--zct-x", `${place.x}px`);
    this.style.setProperty("--zct-y", `${place.y}px`);

    const title = this.dataset.title?.trim() || "政策通";
    // The host site's sessionStorage: a reload or the site's next page (same tab) keeps the conversation.
    const storageKey = `zct-widget:${apiOrigin}`;
    const api = new Api(apiOrigin, "widget");
    const chat = new ChatView({ api, starters: [], baseProfile: regionProfile(this.dataset.region), dialogParent: root, storageKey });

    void api.starters().then((list) => chat.setStarters(list), () => {});

    const launcher = h(
      "button",
      { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "zct-panel" },
      h("span", { class: "launcher-icon", "aria-hidden": "true" }),
      "政策咨询",
    );
    const close = h("button", { type: "button", class: "panel-close", "aria-label": "关闭政策咨询" }, "×");
    // Its own A/A+: text grows inside the panel whatever the site's own 大字版 does (that one reaches us through rem).
    const sizes = [
      { label: "A", name: "标准字号", scale: "1" },
      { label: "A+", name: "放大字号", scale: "1.25" },
      { label: "A++", name: "特大字号", scale: "1.5" },
    ];
    const sizeButtons = sizes.map((s, i) => {
      const b = h("button", { type: "button", class: `size-btn size-btn--${i}`, "aria-label": `${s.label} ${s.name}`, "aria-pressed": String(i === 0) }, s.label);
      b.addEventListener("click", () => {
        sizeButtons.forEach((o, j) => o.setAttribute("aria-pressed", String(i === j)));
        wrap.style.setProperty("--zct-scale", s.scale);
      });
      return b;
    });
    const panel = h(
      "div",
      { id: "zct-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "zct-title", hidden: true },
      h(
        "header",
        { class: "panel-head" },
        h("div", { class: "panel-titles" }, h("h2", { id: "zct-title", class: "panel-name" }, title), h("p", { class: "panel-sub" }, "惠企政策智能问答 · 结论附原文依据")),
        h("div", { class: "panel-tools", role: "group", "aria-label": "字号" }, sizeButtons),
        close,
      ),
      h("div", { class: "panel-body" }, chat.log, h("details", { class: "w-profile" }, h("summary", null, "已了解的企业信息"), chat.profilePanel.el)),
      chat.composer,
    );

    const setOpen = (open: boolean, focus = true): void => {
      panel.hidden = !open;
      launcher.setAttribute("aria-expanded", String(open));
      launcher.classList.toggle("launcher--open", open);
      remember(`${storageKey}:open`, open);
      if (!focus) return;
      if (open) chat.focus();
      else launcher.focus();
    };
    launcher.addEventListener("click", () => setOpen(panel.hidden));
    close.addEventListener("click", () => setOpen(false));
    panel.addEventListener("keydown", (e) => {
      // The clause dialog handles its own Esc (and is modal); this one closes the panel.
      if (e.key === "Escape" && !root.querySelector("dialog[open]")) setOpen(false);
      if (e.key === "Tab") keepFocusIn(panel, root, e);
    });
    const wrap = h("div", { class: `zct zct--${place.side} zct--${place.edge}` }, panel, launcher);
    root.append(wrap);
    // Open on the previous page of the site: open here too, without taking the reader's focus.
    if (recall(`${storageKey}:open`)) setOpen(true, false);
  }
}

/** Tab from the last control goes to the first and Shift+Tab from the first to the last: focus stays in the open panel. */
function keepFocusIn(panel: HTMLElement, root: ShadowRoot, e: KeyboardEvent): void {
  const focusable = [...panel.querySelectorAll<HTMLElement>("button, [href], input, textarea, select, summary, [tabindex]:not([tabindex='-1'])")].filter(
    (el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && !el.closest("dialog"),
  );
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const active = root.activeElement;
  if (e.shiftKey && (active === first || !panel.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !panel.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

function remember(key: string, on: boolean): void {
  try {
    if (on) sessionStorage.setItem(key, "1");
    else sessionStorage.removeItem(key);
  } catch {
    /* storage unavailable */
  }
}

function recall(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}

if (!customElements.get("zct-widget")) customElements.define("zct-widget", ZctWidget);

function mount(): void {
  if (document.querySelector("zct-widget")) return;
  const el = document.createElement("zct-widget");
  for (const key of ["title", "color", "region", "position", "offset"] as const) {
    const v = script?.dataset[key];
    if (v) el.dataset[key] = v;
  }
  document.body.append(el);
}

// An async script can run before <body> exists.
if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount, { once: true });
