"""Container health check for the web service: GET /healthz on the local gunicorn.

Exit 0 if it answers 2xx, 1 otherwise. Uses only the standard library (no curl in the image).
The request carries a Host taken from DJANGO_ALLOWED_HOSTS (else Django answers 400) and
X-Forwarded-Proto: https (else DJANGO_SECURE=1 redirects it to https://, which nobody serves
inside the container).
"""

import os
import sys
import urllib.request


def pick_host() -> str:
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(","):
        host = host.strip()
        if host and host != "*":
            # ".example.org" also allows "example.org".
            return host.lstrip(".")
    return "localhost"


def main() -> int:
    port = os.environ.get("HEALTHCHECK_PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": pick_host(), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 - a fixed http://127.0.0.1 URL
            return 0 if 200 <= response.status < 300 else 1
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        print(f"healthcheck failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
