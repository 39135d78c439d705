"""Messages and call-back requests callers leave outside office hours, and the staff's inbox."""
