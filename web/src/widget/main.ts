import { ChatView } from "../components/chatView.js";
import { Api } from "../lib/api.js";
import { h } from "../lib/dom.js";
import { regionProfile, safeColor } from "./config.js";

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

const STARTERS = [
  "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？",
  "苏州登峰行动计划项目能拿多少资助？",
  "杭州新电商政策的有效期到什么时候？",
];

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

    const title = this.dataset.title?.trim() || "政策通";
    // The host site's sessionStorage: a reload or the site's next page (same tab) keeps the conversation.
    const storageKey = `zct-widget:${apiOrigin}`;
    const chat = new ChatView({ api: new Api(apiOrigin, "widget"), starters: STARTERS, baseProfile: regionProfile(this.dataset.region), dialogParent: root, storageKey });

    const launcher = h(
      "button",
      { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "zct-panel" },
      h("span", { class: "launcher-icon", "aria-hidden": "true" }),
      "政策咨询",
    );
    const close = h("button", { type: "button", class: "panel-close", "aria-label": "关闭政策咨询" }, "×");
    const panel = h(
      "div",
      { id: "zct-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "zct-title", hidden: true },
      h(
        "header",
        { class: "panel-head" },
        h("div", null, h("h2", { id: "zct-title", class: "panel-name" }, title), h("p", { class: "panel-sub" }, "惠企政策智能问答 · 结论附原文依据")),
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
      if (e.key === "Escape") setOpen(false);
    });
    root.append(h("div", { class: "zct" }, panel, launcher));
    // Open on the previous page of the site: open here too, without taking the reader's focus.
    if (recall(`${storageKey}:open`)) setOpen(true, false);
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
  for (const key of ["title", "color", "region"] as const) {
    const v = script?.dataset[key];
    if (v) el.dataset[key] = v;
  }
  document.body.append(el);
}

// An async script can run before <body> exists.
if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount, { once: true });
