"""Analysis layer: tables and graphs over mentions and events (counts, co-occurrence,
per-source comparison), KWIC and spelling-variant discovery."""
