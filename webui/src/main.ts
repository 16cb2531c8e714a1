import "./style.css";
import { App } from "./app";
import { exposeTestState, mark } from "./lib/testState";
import { contractsView } from "./views/contracts";
import { gapsView } from "./views/gaps";
import { historyView } from "./views/history";
import { indicatorsView } from "./views/indicators";
import { loginPage } from "./views/login";
import { mapView } from "./views/map";
import { territoriesPage } from "./views/territories";

exposeTestState();
mark("boot");
const root = document.getElementById("app");
if (root) {
  const app = new App(
    root,
    { map: mapView, gaps: gapsView, contracts: contractsView, indicators: indicatorsView, history: historyView },
    { login: loginPage, territories: territoriesPage },
  );
  void app.start();
}
