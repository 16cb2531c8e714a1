"""What each role sees: a viewer reads only, a facilitator comments and drafts but does not
edit the map (roles as api/auth.py GRANTS define them). Users come from `pactmap users add`."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Server, screenshot, sign_in, state, wait_map, wait_state

pytestmark = pytest.mark.browser

VIEWER = ("viewer@valbrune.example", "viewer-password-1")
FACILITATOR = ("facilitator@valbrune.example", "facilitator-password-1")


@pytest.fixture(scope="module", autouse=True)
def members(server: Server) -> None:
    server.add_user(VIEWER[0], "viewer", VIEWER[1])
    server.add_user(FACILITATOR[0], "facilitator", FACILITATOR[1])


def test_a_viewer_reads_but_is_offered_no_edit(page: Any) -> None:
    sign_in(page, *VIEWER)
    page.goto("/t/valbrune/map?node=valbrune-act-town-hall")
    wait_map(page)
    page.get_by_test_id("panel-fields").wait_for()
    assert state(page)["role"] == "VIEWER"
    for control in ("edit-node", "link-add", "unlink", "comment-input"):
        assert page.get_by_test_id(control).count() == 0, control
    page.goto("/t/valbrune/contracts/valbrune-con-cool-schoolyards")
    page.get_by_test_id("contract-title").wait_for()
    assert page.locator("[data-testid^=move-]").count() == 0
    assert page.get_by_test_id("eval-submit").count() == 0
    # Running the analysis is not a viewer's right: the gap explorer says so.
    page.goto("/t/valbrune/gaps")
    page.get_by_test_id("gaps-unavailable").filter(has_text="Your role").wait_for()
    assert page.get_by_test_id("draft-contract").count() == 0
    screenshot(page, "viewer-gaps")


def test_a_facilitator_comments_and_may_draft_but_not_edit(page: Any) -> None:
    sign_in(page, *FACILITATOR)
    page.goto("/t/valbrune/map?node=valbrune-act-landlord")
    wait_map(page)
    page.get_by_test_id("panel-fields").wait_for()
    assert page.get_by_test_id("edit-node").count() == 0
    page.get_by_test_id("comment-input").fill("Ask them about the Tilleuls roofs schedule.")
    page.get_by_test_id("comment-submit").click()
    page.get_by_test_id("comments").filter(has_text="Tilleuls roofs schedule").wait_for()
    page.goto("/t/valbrune/gaps?tab=suggestions")
    wait_state(page, "s.view === 'gaps' && s.suggestions > 0", timeout=90_000)
    assert page.get_by_test_id("draft-contract").count() == state(page)["suggestions"]
