"""Writes and workflow rules of the reviews app; one module per aggregate."""
