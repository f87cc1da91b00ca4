"""Helpers shared by the browser tests."""


def sign_in(page, base, username, password="correct horse battery"):
    """Sign in through the real form, as a person would."""
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")


def watch_csp(page) -> list[str]:
    """The Content-Security-Policy violations the browser reports on ``page`` from now on
    (Chromium writes them to the console); a list the test asserts empty at the end."""
    violations = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    return violations
