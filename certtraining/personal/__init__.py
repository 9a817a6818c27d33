"""Personal-data checks: what looks like a resident registration or phone number."""
