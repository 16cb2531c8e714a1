"""pactmap.graph: the domain model and the stores that keep it."""
