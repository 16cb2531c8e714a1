// The application shell: sign-in state, the territory, the top bar and the router.
// Paths: /login, /territories, /t/<id>/<view>[/<item>]; the server answers index.html for all.
import { CATALOGS, LANGUAGE_NAMES, locale, setLocale, t, type Locale, type MessageId } from "./i18n";
import { h, clear } from "./lib/dom";
import { drawer } from "./lib/drawer";
import { GraphqlError, httpTransport, type Transport } from "./lib/graphql";
import { MapStore } from "./lib/mapStore";
import { fetchMe, logout, type Me } from "./lib/session";
import { testState } from "./lib/testState";

export interface View {
  el: HTMLElement;
  destroy?(): void;
}

export interface AppContext {
  api: Transport;
  me: Me;
  territoryId: string;
  territoryName: string;
  role: string | null;
  map: MapStore;
  /** Path segments after /t/<id>/<view>/ and the query string. */
  item: string | null;
  params: URLSearchParams;
  navigate(path: string, opts?: { replace?: boolean }): void;
  notify(message: string, kind?: "info" | "error"): void;
  fail(err: unknown): void;
}

export type ViewFactory = (ctx: AppContext) => View | Promise<View>;

export const VIEWS: { id: string; label: MessageId; key: string }[] = [
  { id: "map", label: "nav.map", key: "1" },
  { id: "gaps", label: "nav.gaps", key: "2" },
  { id: "contracts", label: "nav.contracts", key: "3" },
  { id: "indicators", label: "nav.indicators", key: "4" },
  { id: "history", label: "nav.history", key: "5" },
  { id: "criteria", label: "nav.criteria", key: "6" },
  { id: "synthesis", label: "nav.synthesis", key: "7" },
  { id: "compare", label: "nav.compare", key: "8" },
];

export class App {
  readonly api: Transport = httpTransport();
  me: Me | null = null;
  private stores = new Map<string, MapStore>();
  private current: View | null = null;
  private readonly root: HTMLElement;
  private readonly main: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly status: HTMLElement;
  private renderSeq = 0;

  constructor(
    root: HTMLElement,
    private readonly factories: Record<string, ViewFactory>,
    private readonly pages: {
      login: (app: App) => View;
      territories: (app: App) => View;
    },
  ) {
    this.root = root;
    this.bar = h("header", { className: "topbar" });
    this.main = h("main", { id: "main", tabindex: "-1" });
    this.status = h("div", {
      className: "status",
      role: "status",
      "aria-live": "polite",
      "data-testid": "status",
    });
    root.append(this.bar, this.main, this.status);
    window.addEventListener("popstate", () => void this.route());
    document.addEventListener("keydown", (e) => this.shortcut(e));
    window.addEventListener("unhandledrejection", (e) => {
      e.preventDefault();
      this.fail(e.reason);
    });
  }

  async start(): Promise<void> {
    try {
      this.me = await fetchMe(this.api);
    } catch (err) {
      this.fail(err);
    }
    await this.route();
  }

  navigate(path: string, opts: { replace?: boolean } = {}): void {
    if (opts.replace) history.replaceState(null, "", path);
    else if (path !== location.pathname + location.search) history.pushState(null, "", path);
    void this.route();
  }

  signedIn(me: Me): void {
    this.me = me;
    testState.user = me.user.email;
    const next = new URLSearchParams(location.search).get("next");
    this.navigate(next && next.startsWith("/t/") ? next : "/territories");
  }

  async signOut(): Promise<void> {
    try {
      await logout(this.api);
    } catch (err) {
      this.fail(err);
    }
    for (const s of this.stores.values()) s.close();
    this.stores.clear();
    this.me = null;
    testState.user = null;
    this.navigate("/login");
  }

  notify(message: string, kind: "info" | "error" = "info"): void {
    clear(this.status);
    this.status.className = `status ${kind}`;
    this.status.append(
      h("span", {}, message),
      h(
        "button",
        {
          type: "button",
          className: "link",
          "aria-label": t("app.dismiss"),
          onclick: () => clear(this.status),
        },
        "×",
      ),
    );
    if (kind === "info")
      window.setTimeout(() => {
        if (this.status.textContent?.startsWith(message)) clear(this.status);
      }, 5000);
  }

  fail(err: unknown): void {
    const message = err instanceof GraphqlError || err instanceof Error ? err.message : String(err);
    testState.lastError = message;
    testState.errors.push(message);
    console.error(`pactmap: ${message}`);
    this.notify(message, "error");
  }

  store(territoryId: string): MapStore {
    let s = this.stores.get(territoryId);
    if (!s) {
      s = new MapStore(this.api, territoryId);
      this.stores.set(territoryId, s);
    }
    return s;
  }

  private shortcut(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target && (target.closest("input, textarea, select, [contenteditable]") || e.ctrlKey || e.metaKey))
      return;
    if (!e.altKey) return;
    const view = VIEWS.find((v) => v.key === e.key);
    const tid = testState.territoryId;
    if (view && tid) {
      e.preventDefault();
      this.navigate(`/t/${encodeURIComponent(tid)}/${view.id}`);
    }
  }

  private async route(): Promise<void> {
    const seq = ++this.renderSeq;
    const path = location.pathname;
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    this.current?.destroy?.();
    this.current = null;
    clear(this.main);
    if (!this.me) {
      testState.user = null;
      this.renderBar(null);
      if (parts[0] !== "login") {
        const next = parts[0] === "t" ? `?next=${encodeURIComponent(path)}` : "";
        history.replaceState(null, "", `/login${next}`);
      }
      this.show(this.pages.login(this), "login");
      return;
    }
    testState.user = this.me.user.email;
    if (parts[0] === "t" && parts[1]) {
      const territoryId = parts[1];
      const membership = this.me.memberships.find((m) => m.territoryId === territoryId);
      if (!membership) {
        this.fail(new Error(t("app.notMember", { territory: territoryId })));
        this.navigate("/territories", { replace: true });
        return;
      }
      const viewId = parts[2] && this.factories[parts[2]] ? parts[2] : "map";
      testState.territoryId = territoryId;
      testState.role = membership.role;
      this.renderBar({ territoryId, name: membership.territory?.name ?? territoryId, view: viewId });
      const ctx: AppContext = {
        api: this.api,
        me: this.me,
        territoryId,
        territoryName: membership.territory?.name ?? territoryId,
        role: membership.role,
        map: this.store(territoryId),
        item: parts[3] ?? null,
        params: new URLSearchParams(location.search),
        navigate: (p, o) => this.navigate(p, o),
        notify: (m, k) => this.notify(m, k),
        fail: (e) => this.fail(e),
      };
      const factory = this.factories[viewId] as ViewFactory;
      testState.view = `${viewId}:loading`;
      try {
        const view = await factory(ctx);
        if (seq !== this.renderSeq) {
          view.destroy?.();
          return;
        }
        this.show(view, viewId);
      } catch (err) {
        if (seq === this.renderSeq) {
          this.fail(err);
          testState.view = `${viewId}:error`;
        }
      }
      return;
    }
    testState.territoryId = null;
    this.renderBar(null);
    if (parts[0] !== "territories") history.replaceState(null, "", "/territories");
    this.show(this.pages.territories(this), "territories");
  }

  private show(view: View, name: string): void {
    this.current = view;
    this.main.append(view.el);
    testState.view = name;
    const label = VIEWS.find((v) => v.id === name)?.label;
    document.title = t("app.title", {
      view: label ? t(label) : name === "login" ? t("login.submit") : t("territories.title"),
    });
  }

  private renderBar(place: { territoryId: string; name: string; view: string } | null): void {
    clear(this.bar);
    this.bar.append(
      h(
        "a",
        { href: "/territories", className: "brand", onclick: (e: Event) => this.link(e, "/territories") },
        "pactmap",
      ),
    );
    if (place) {
      this.bar.append(
        h("span", { className: "territory-name", "data-testid": "territory-name" }, place.name),
        h(
          "nav",
          { id: "views-nav", "aria-label": t("app.views") },
          h(
            "ul",
            {},
            VIEWS.map((v) => {
              const href = `/t/${encodeURIComponent(place.territoryId)}/${v.id}`;
              return h(
                "li",
                {},
                h(
                  "a",
                  {
                    href,
                    "data-testid": `nav-${v.id}`,
                    "aria-current": v.id === place.view ? "page" : undefined,
                    title: t("app.viewShortcut", { view: t(v.label), key: v.key }),
                    onclick: (e: Event) => this.link(e, href),
                  },
                  t(v.label),
                ),
              );
            }),
          ),
        ),
      );
      // Narrow screens: the views are a menu under the bar (style.css).
      const nav = this.bar.querySelector<HTMLElement>("#views-nav");
      if (nav) nav.before(drawer(nav, t("app.menu"), "nav-menu").button);
    }
    if (this.me) {
      this.bar.append(
        h(
          "div",
          { className: "user" },
          h("span", { "data-testid": "user-email" }, this.me.user.name || this.me.user.email),
          h(
            "button",
            { type: "button", "data-testid": "sign-out", onclick: () => void this.signOut() },
            t("app.signOut"),
          ),
        ),
      );
    }
    this.bar.append(this.languageSwitch());
  }

  /** FR / EN: the choice is saved in this browser and the current page is drawn again in it. */
  private languageSwitch(): HTMLElement {
    const group = h("div", {
      className: "lang-switch",
      role: "group",
      "aria-label": t("app.language"),
      "data-testid": "language-switch",
    });
    for (const code of Object.keys(CATALOGS) as Locale[]) {
      group.append(
        h(
          "button",
          {
            type: "button",
            lang: code,
            "data-testid": `lang-${code}`,
            "aria-pressed": String(code === locale()),
            title: LANGUAGE_NAMES[code],
            onclick: () => this.switchLanguage(code),
          },
          code.toUpperCase(),
        ),
      );
    }
    return group;
  }

  switchLanguage(code: Locale): void {
    if (code === locale()) return;
    setLocale(code, { save: true });
    testState.lang = code;
    void this.route();
  }

  private link(e: Event, href: string): void {
    const me = e as MouseEvent;
    if (me.ctrlKey || me.metaKey || me.shiftKey || me.button === 1) return;
    e.preventDefault();
    this.navigate(href);
  }

  get rootElement(): HTMLElement {
    return this.root;
  }
}
