import type { App, View } from "../app";
import { t } from "../i18n";
import { h } from "../lib/dom";
import { login } from "../lib/session";
import { testState } from "../lib/testState";

export function loginPage(app: App): View {
  const email = h("input", {
    id: "email",
    name: "email",
    type: "email",
    autocomplete: "username",
    required: true,
    "data-testid": "login-email",
  });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
    "data-testid": "login-password",
  });
  const error = h("p", {
    className: "field-error",
    role: "alert",
    "data-testid": "login-error",
    id: "login-error",
  });
  const submit = h(
    "button",
    { type: "submit", className: "primary", "data-testid": "login-submit" },
    t("login.submit"),
  );
  const form = h(
    "form",
    { className: "card narrow", "aria-labelledby": "login-title", "aria-describedby": "login-error" },
    h("h1", { id: "login-title" }, t("login.title")),
    h("p", { className: "muted" }, t("login.intro")),
    h("label", { for: "email" }, t("login.email")),
    email,
    h("label", { for: "password" }, t("login.password")),
    password,
    error,
    submit,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    login(app.api, email.value, password.value)
      .then((r) => {
        if ("error" in r) {
          error.textContent = r.error;
          testState.lastError = r.error;
          password.focus();
        } else {
          app.signedIn(r);
        }
      })
      .catch((err: unknown) => app.fail(err))
      .finally(() => {
        submit.disabled = false;
      });
  });
  queueMicrotask(() => email.focus());
  return { el: h("div", { className: "page center" }, form) };
}
