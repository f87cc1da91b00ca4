"""Reads of the reviews app, scoped to the person who asks; one module per aggregate."""
