"""Review movies (dailies): a slate and burn-ins over a version's frames, rendered by the farm."""
