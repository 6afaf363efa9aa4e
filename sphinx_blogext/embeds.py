"""Video embeds: (being built)."""
