import "./style.css";
import { App } from "./app";
import { initLocale, t } from "./i18n";
import { exposeTestState, mark, testState } from "./lib/testState";
import { compareView } from "./views/compare";
import { contractsView } from "./views/contracts";
import { criteriaView } from "./views/criteria";
import { gapsView } from "./views/gaps";
import { historyView } from "./views/history";
import { indicatorsView } from "./views/indicators";
import { loginPage } from "./views/login";
import { mapView } from "./views/map";
import { synthesisView } from "./views/synthesis";
import { territoriesPage } from "./views/territories";

// The test build's mode (Makefile webui-test); Vite folds the comparison at build time.
if (import.meta.env.MODE === "testhooks") exposeTestState();
mark("boot");
testState.lang = initLocale();
const skip = document.querySelector(".skip-link");
if (skip) skip.textContent = t("app.skip");
const root = document.getElementById("app");
if (root) {
  const app = new App(
    root,
    {
      map: mapView,
      gaps: gapsView,
      contracts: contractsView,
      indicators: indicatorsView,
      history: historyView,
      criteria: criteriaView,
      synthesis: synthesisView,
      compare: compareView,
    },
    { login: loginPage, territories: territoriesPage },
  );
  void app.start();
}
