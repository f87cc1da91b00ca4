"""NGO briefings (resolution 4/6) and civil-society input to reviews: models come with that work."""
