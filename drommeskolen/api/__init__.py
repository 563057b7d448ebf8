"""The versioned JSON API (django-ninja): read-only access to people data through people.access."""
