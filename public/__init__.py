"""The public transparency site: what anyone reads without signing in, on top of the apps. It
reads through their selectors and writes nothing; no app imports it."""
