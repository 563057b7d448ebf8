"""Django-free helpers: pure functions that can be tested without a database."""
