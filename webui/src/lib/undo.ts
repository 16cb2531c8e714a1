// Undo for destructive edits: after a link is removed (or another change that one API call can
// reverse), a toast offers "Undo" for UNDO_MS; pressing it makes the reversing call.
import { t } from "../i18n";
import { clear, h } from "./dom";

export const UNDO_MS = 10_000;

export interface UndoOffer {
  /** What was done, as the person reads it: "Removed the link to Valbrune council." */
  message: string;
  /** Reverses the change through the API; a returned string is why it could not. */
  undo(): Promise<string | null>;
  /** After a successful undo (reload what shows the change). */
  undone?(): void | Promise<void>;
  fail(err: unknown): void;
}

let toast: HTMLElement | null = null;
let timer: number | null = null;

function element(): HTMLElement {
  if (!toast || !toast.isConnected) {
    toast = h("div", { className: "toast", role: "status", "aria-live": "polite", "data-testid": "toast" });
    document.body.append(toast);
  }
  return toast;
}

export function closeToast(): void {
  if (timer !== null) window.clearTimeout(timer);
  timer = null;
  if (toast) {
    clear(toast);
    toast.hidden = true;
  }
}

/** Shows ``offer.message`` with an Undo button for UNDO_MS (a newer offer replaces it). */
export function offerUndo(offer: UndoOffer): void {
  closeToast();
  const el = element();
  el.hidden = false;
  const undo = h("button", { type: "button", className: "primary", "data-testid": "undo" }, t("undo.undo"));
  undo.addEventListener("click", () => {
    undo.disabled = true;
    if (timer !== null) window.clearTimeout(timer);
    void (async () => {
      try {
        const problem = await offer.undo();
        if (problem) {
          closeToast();
          offer.fail(new Error(t("undo.failed", { problem })));
          return;
        }
        clear(el);
        el.append(h("span", { "data-testid": "toast-message" }, t("undo.done")));
        timer = window.setTimeout(closeToast, 3000);
        await offer.undone?.();
      } catch (err) {
        closeToast();
        offer.fail(err);
      }
    })();
  });
  el.append(
    h("span", { "data-testid": "toast-message" }, offer.message),
    undo,
    h(
      "button",
      { type: "button", className: "link", "aria-label": t("undo.dismiss"), onclick: closeToast },
      "×",
    ),
  );
  timer = window.setTimeout(closeToast, UNDO_MS);
}

/** For a change no API call can reverse (closing a contract): a dialog that asks first.
 * Resolves true when the person pressed ``confirmLabel``, false on Cancel or Escape. */
export function confirmFirst(question: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h(
      "button",
      { type: "button", className: "danger", "data-testid": "confirm-yes" },
      confirmLabel,
    );
    const no = h("button", { type: "button", "data-testid": "confirm-no" }, t("common.cancel"));
    const dialog = h(
      "dialog",
      { className: "dialog", "data-testid": "confirm-dialog", "aria-label": confirmLabel },
      h("p", {}, question),
      h("div", { className: "actions" }, yes, no),
    );
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
