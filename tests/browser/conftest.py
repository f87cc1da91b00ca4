"""Helpers shared by the browser tests."""


def sign_in(page, base, username, password="correct horse battery"):
    """Sign in through the real form, as a person would."""
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
