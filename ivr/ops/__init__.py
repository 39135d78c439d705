"""Running the hotline: call analytics, health, metrics and logs."""
