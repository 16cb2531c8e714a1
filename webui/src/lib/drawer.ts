// Drawers for narrow screens: a part of a view (the map's controls, the side panel, the gap
// lists) that the stylesheet folds away below a width and shows when its class "open" is set.
// The button that opens it says so with aria-expanded; the stylesheet hides the button where
// the part is always shown (style.css, "Narrow screens").
import { t } from "../i18n";
import { h } from "./dom";

export interface Drawer {
  /** Opens and closes the drawer; aria-expanded and aria-controls name its state and target. */
  readonly button: HTMLButtonElement;
  readonly isOpen: boolean;
  setOpen(open: boolean): void;
  /** A "Close" button for inside the drawer (hidden where the drawer is always shown). */
  closeButton(): HTMLButtonElement;
}

export function drawer(target: HTMLElement, label: string, testid: string): Drawer {
  // i18n-ignore: a programming error, read by developers.
  if (!target.id) throw new Error(`a drawer needs its target's id (the button's aria-controls): ${testid}`);
  const button = h(
    "button",
    {
      type: "button",
      className: "drawer-toggle",
      "aria-expanded": "false",
      "aria-controls": target.id,
      "data-testid": testid,
    },
    label,
  );
  const d: Drawer = {
    button,
    get isOpen() {
      return target.classList.contains("open");
    },
    setOpen(open: boolean) {
      target.classList.toggle("open", open);
      button.setAttribute("aria-expanded", String(open));
    },
    closeButton() {
      return h(
        "button",
        {
          type: "button",
          className: "drawer-close",
          "data-testid": `${testid}-close`,
          onclick: () => {
            d.setOpen(false);
            button.focus();
          },
        },
        t("drawer.close"),
      );
    },
  };
  button.addEventListener("click", () => d.setOpen(!d.isOpen));
  target.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && d.isOpen && button.offsetWidth > 0) {
      d.setOpen(false);
      button.focus();
    }
  });
  return d;
}
