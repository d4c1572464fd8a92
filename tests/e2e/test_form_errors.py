"""Browser step (issue 17, item 16): after a failed submit the focus is on the summary of
the problems, and a label that is a question gets no extra colon there."""

from __future__ import annotations

from tests.e2e.browser_helpers import check_page


def test_a_failed_sign_up_puts_the_focus_on_the_error_summary(phone, live_app):
    base = live_app.config["LIVE_URL"]
    phone.goto(f"{base}/vrijwilliger/aanmelden")
    phone.get_by_role("button", name="Aanmelden").click()
    summary = phone.locator(".error-summary")
    summary.wait_for()
    assert phone.evaluate("document.activeElement.classList.contains('error-summary')")
    text = summary.inner_text()
    assert "ga akkoord. Wij kunnen" in text
    assert not any(doubled in text for doubled in ("?:", ".:", "::"))
    check_page(phone, "form-errors-01-sign-up")
